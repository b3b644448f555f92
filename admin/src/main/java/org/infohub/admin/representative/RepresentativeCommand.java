package org.infohub.admin.representative;

import picocli.CommandLine.Command;

/** {@code ./infohub rep ...}: registered representatives. */
@Command(name = "rep", mixinStandardHelpOptions = true, description = "Registered representatives.",
        subcommands = {RepresentativeListCommand.class, RepresentativeAddCommand.class, RepresentativeUpdateCommand.class,
                RepresentativeSuspendCommand.class, RepresentativeActivateCommand.class,
                RepresentativeSmtpPasswordCommand.class, RepresentativeDeliveryCommand.class})
public class RepresentativeCommand {
}
