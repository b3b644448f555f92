package org.infohub.admin.organisation;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.Organisation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./infohub org add NAME --sector S [--domains "a.example b.example"]}. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Add a member organisation.")
public class OrganisationAddCommand extends DatabaseCommand {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--sector", required = true, description = "its sector (finance, utilities, ...)") String sector;
    @Option(names = "--domains", description = "its e-mail domains, separated by spaces or commas") String domains = "";

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        Organisation o = ctx.admin().createOrganisation(ctx.actor(), name, sector, words(domains));
        out.println("added organisation " + o.name() + " (" + o.sector() + ")");
        return ExitCodes.OK;
    }
}
