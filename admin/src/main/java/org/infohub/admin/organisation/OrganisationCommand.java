package org.infohub.admin.organisation;

import picocli.CommandLine.Command;

/** {@code ./infohub org ...}: member organisations. */
@Command(name = "org", mixinStandardHelpOptions = true, description = "Member organisations.",
        subcommands = {OrganisationListCommand.class, OrganisationAddCommand.class, OrganisationUpdateCommand.class,
                OrganisationSuspendCommand.class, OrganisationActivateCommand.class})
public class OrganisationCommand {
}
