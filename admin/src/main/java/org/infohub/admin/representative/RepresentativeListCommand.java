package org.infohub.admin.representative;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.Page;
import org.infohub.core.member.Representative;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./infohub rep list [--search TEXT] [--sort email|name|organisation|sector|status|joined] [--page N]}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List representatives.")
public class RepresentativeListCommand extends DatabaseCommand {
    @Option(names = "--search", description = "part of an address, a name or an organisation") String search = "";
    @Option(names = "--sort", description = "email, name, organisation, sector, status or joined (default: email)") String sort = "email";
    @Option(names = "--desc", description = "sort descending") boolean desc;
    @Option(names = "--page", description = "page number (default: 1)") int page = 1;
    @Option(names = "--size", description = "rows per page (default: 50)") int size = 50;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        Page<Representative> p = ctx.members().representatives(search, sort, desc, Math.max(1, page), Math.max(1, size));
        for (Representative r : p.rows()) {
            out.printf("%-40s %-30s %-30s %-11s %s%s%n", r.email(), r.name(), r.organisationName(), r.sector(),
                    r.status().code(), r.active() || r.status() != org.infohub.core.member.Status.ACTIVE ? ""
                            : " (organisation suspended)");
        }
        out.printf("page %d of %d, %d representative(s)%n", p.page(), p.pages(), p.total());
        return ExitCodes.OK;
    }
}
