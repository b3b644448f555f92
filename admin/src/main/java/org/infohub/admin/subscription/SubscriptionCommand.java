package org.infohub.admin.subscription;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.ValidationException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub sub EMAIL LIST immediate|digest|off}: how a representative takes a list. */
@Command(name = "sub", mixinStandardHelpOptions = true,
        description = "Set a representative's delivery mode on a list: immediate, digest or off.")
public class SubscriptionCommand extends DatabaseCommand {
    @Parameters(index = "0", paramLabel = "EMAIL") String email;
    @Parameters(index = "1", paramLabel = "LIST") String list;
    @Parameters(index = "2", paramLabel = "MODE", description = "immediate, digest or off") String mode;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        DeliveryMode m = DeliveryMode.parse(mode)
                .orElseThrow(() -> ValidationException.of("mode", "'" + mode + "': choose immediate, digest or off"));
        ctx.admin().setSubscription(ctx.actor(), email, list, m);
        out.println(email + " takes " + ctx.admin().list(list).localPart() + "@ " + m.code());
        return ExitCodes.OK;
    }
}
