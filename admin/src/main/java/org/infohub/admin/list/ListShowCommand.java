package org.infohub.admin.list;

import java.io.PrintWriter;
import java.util.Locale;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;

import picocli.CommandLine.Command;

/**
 * {@code ./infohub list show}: every list with its kind, policy, member counts, one-click mode and
 * how many of its members get a copy of their own (signed for them, with a one-click link).
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show every list: kind, posting policy, "
        + "members taking it at once and as a digest, and the one-click mode with how many members get a copy signed "
        + "for them alone (everyone on 'always'; on 'providers', those whose domain's mail servers the hub last found "
        + "to belong to a mailbox provider of delivery.oneclick.mx).")
public class ListShowCommand extends DatabaseCommand {
    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        java.util.Set<String> providers = org.infohub.core.delivery.MailDomains.oneClickDomains(ctx.members().jdbc());
        for (HubList l : ctx.members().lists()) {
            java.util.List<String> now = ctx.members().memberEmails(l, DeliveryMode.IMMEDIATE);
            int digest = ctx.members().memberEmails(l, DeliveryMode.DIGEST).size();
            long personal = l.oneClick() == HubList.OneClick.ALWAYS ? now.size() : now.stream()
                    .filter(e -> providers.contains(e.substring(e.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT))).count();
            out.printf("%-16s %-6s policy %-9s %4d immediate, %4d digest  one-click %-9s %4d personal copies  %s%n",
                    l.localPart(), l.kind().name().toLowerCase(Locale.ROOT), l.postingPolicy().code(), now.size(), digest,
                    l.oneClick().code(), personal, l.name());
        }
        return ExitCodes.OK;
    }
}
