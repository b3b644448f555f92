package org.infohub.admin.list;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.HubList;
import org.infohub.core.member.ValidationException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub list one-click ADDRESS providers|always}. */
@Command(name = "one-click", mixinStandardHelpOptions = true,
        description = "Set who on a list gets a copy of their own, signed for them, with an RFC 8058 one-click "
                + "unsubscribe link: members whose mail servers belong to the mailbox providers that require it "
                + "(providers, the default; see delivery.oneclick.mx) or every member (always). Everyone else "
                + "gets the post's one shared signed copy.")
public class ListOneClickCommand extends DatabaseCommand {
    @Parameters(index = "0", paramLabel = "ADDRESS") String address;
    @Parameters(index = "1", paramLabel = "MODE", description = "providers or always") String mode;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        HubList.OneClick m = HubList.OneClick.parse(mode)
                .orElseThrow(() -> ValidationException.of("mode", "'" + mode + "': choose providers or always"));
        HubList l = ctx.admin().setOneClick(ctx.actor(), address, m);
        out.println(l.localPart() + "@ one-click copies: " + l.oneClick().code());
        return ExitCodes.OK;
    }
}
