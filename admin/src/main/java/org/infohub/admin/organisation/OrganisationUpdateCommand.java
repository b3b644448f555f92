package org.infohub.admin.organisation;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.Organisation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./infohub org update NAME [--name NEW] [--sector S] [--domains "..."]}: what is not given stays. */
@Command(name = "update", mixinStandardHelpOptions = true, description = "Change an organisation's name, sector or domains.")
public class OrganisationUpdateCommand extends DatabaseCommand {
    @Parameters(paramLabel = "NAME") String current;
    @Option(names = "--name") String name;
    @Option(names = "--sector") String sector;
    @Option(names = "--domains", description = "the new set of domains, separated by spaces or commas") String domains;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        Organisation before = ctx.admin().organisation(current);
        Organisation o = ctx.admin().updateOrganisation(ctx.actor(), current, name == null ? before.name() : name,
                sector == null ? before.sector() : sector, domains == null ? before.domains() : words(domains));
        out.println("updated organisation " + o.name() + " (" + o.sector() + "; domains: "
                + (o.domains().isEmpty() ? "none" : String.join(" ", o.domains())) + ")");
        return ExitCodes.OK;
    }
}
