package org.infohub.admin.member;

import picocli.CommandLine.Command;

/** {@code ./infohub members ...}: the programme's membership. */
@Command(name = "members", description = "Manage the membership: organisations and representatives.",
        subcommands = {MembersImportCommand.class, MembersExportCommand.class}, mixinStandardHelpOptions = true)
public class MembersCommand {
}
