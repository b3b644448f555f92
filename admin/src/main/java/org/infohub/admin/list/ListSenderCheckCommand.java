package org.infohub.admin.list;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.HubList;
import org.infohub.core.member.ValidationException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub list sender-check ADDRESS hold|reject|off}. */
@Command(name = "sender-check", mixinStandardHelpOptions = true,
        description = "Set what a list does with a post that is neither DMARC-aligned (SPF or DKIM) nor sent with "
                + "SMTP AUTH: hold it for an administrator (default), reject it, or off (no check).")
public class ListSenderCheckCommand extends DatabaseCommand {
    @Parameters(index = "0", paramLabel = "ADDRESS") String address;
    @Parameters(index = "1", paramLabel = "CHECK", description = "hold, reject or off") String check;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        HubList.SenderCheck c = HubList.SenderCheck.parse(check)
                .orElseThrow(() -> ValidationException.of("check", "'" + check + "': choose hold, reject or off"));
        HubList l = ctx.admin().setSenderCheck(ctx.actor(), address, c);
        out.println(l.localPart() + "@ unauthenticated posts: " + l.senderCheck().code());
        return ExitCodes.OK;
    }
}
