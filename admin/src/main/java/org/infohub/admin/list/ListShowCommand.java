package org.infohub.admin.list;

import java.io.PrintWriter;
import java.util.Locale;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;

import picocli.CommandLine.Command;

/** {@code ./infohub list show}: every list with its kind, policy and member count. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show every list.")
public class ListShowCommand extends DatabaseCommand {
    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        for (HubList l : ctx.members().lists()) {
            int immediate = ctx.members().memberEmails(l, DeliveryMode.IMMEDIATE).size();
            int digest = ctx.members().memberEmails(l, DeliveryMode.DIGEST).size();
            out.printf("%-16s %-6s policy %-9s %4d immediate, %4d digest  %s%n", l.localPart(),
                    l.kind().name().toLowerCase(Locale.ROOT), l.postingPolicy().code(), immediate, digest, l.name());
        }
        return ExitCodes.OK;
    }
}
