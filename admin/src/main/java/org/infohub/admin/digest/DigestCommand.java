package org.infohub.admin.digest;

import picocli.CommandLine.Command;

/** {@code ./infohub digest ...}: the representatives' digests. */
@Command(name = "digest", mixinStandardHelpOptions = true, description = "Digests: send now, choose a representative's format.",
        subcommands = {DigestSendNowCommand.class, DigestFormatCommand.class})
public class DigestCommand {
}
