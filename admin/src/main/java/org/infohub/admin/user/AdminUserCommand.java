package org.infohub.admin.user;

import picocli.CommandLine.Command;

/** {@code ./infohub admin ...}: console administrators and their API tokens. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Console administrators and API tokens.",
        subcommands = {AdminAddCommand.class, AdminPasswordCommand.class, AdminListCommand.class, AdminTokenCommand.class})
public class AdminUserCommand {
}
