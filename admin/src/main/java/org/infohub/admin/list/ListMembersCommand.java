package org.infohub.admin.list;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub list members ADDRESS}: who receives the list, and how. */
@Command(name = "members", mixinStandardHelpOptions = true, description = "Show who receives a list, by delivery mode.")
public class ListMembersCommand extends DatabaseCommand {
    @Parameters(paramLabel = "ADDRESS") String address;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        HubList l = ctx.admin().list(address);
        out.println(l.localPart() + "@ (" + l.name() + "): " + l.membershipInWords() + ", posting policy "
                + l.postingPolicy().code());
        for (DeliveryMode mode : DeliveryMode.values()) {
            for (String email : ctx.members().memberEmails(l, mode)) {
                out.println("  " + email + " " + mode.code());
            }
        }
        return ExitCodes.OK;
    }
}
