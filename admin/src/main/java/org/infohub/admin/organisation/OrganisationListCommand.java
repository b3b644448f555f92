package org.infohub.admin.organisation;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.Organisation;
import org.infohub.core.member.Page;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./infohub org list [--search TEXT] [--sort name|sector|status|joined] [--page N]}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List organisations.")
public class OrganisationListCommand extends DatabaseCommand {
    @Option(names = "--search", description = "part of a name, sector or domain") String search = "";
    @Option(names = "--sort", description = "name, sector, status or joined (default: name)") String sort = "name";
    @Option(names = "--desc", description = "sort descending") boolean desc;
    @Option(names = "--page", description = "page number (default: 1)") int page = 1;
    @Option(names = "--size", description = "rows per page (default: 50)") int size = 50;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        Page<Organisation> p = ctx.members().organisations(search, sort, desc, Math.max(1, page), Math.max(1, size));
        for (Organisation o : p.rows()) {
            out.printf("%-40s %-11s %-9s joined %s  %d rep(s)  %s%n", o.name(), o.sector(), o.status().code(), o.joined(),
                    o.representatives(), String.join(" ", o.domains()));
        }
        out.printf("page %d of %d, %d organisation(s)%n", p.page(), p.pages(), p.total());
        return ExitCodes.OK;
    }
}
