package org.infohub.admin.list;

import picocli.CommandLine.Command;

/** {@code ./infohub list ...}: the hub's lists. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists: sector lists, all, and groups.",
        subcommands = {ListShowCommand.class, ListCreateCommand.class, ListPolicyCommand.class, ListSenderCheckCommand.class, ListOneClickCommand.class, ListFooterCommand.class,
                ListAddOrgCommand.class,
                ListRemoveOrgCommand.class, ListMembersCommand.class})
public class ListCommand {
}
