package org.infohub.admin.representative;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.Representative;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./infohub rep update EMAIL [--name NAME] [--org ORGANISATION]}: what is not given stays. */
@Command(name = "update", mixinStandardHelpOptions = true, description = "Change a representative's name or organisation.")
public class RepresentativeUpdateCommand extends DatabaseCommand {
    @Parameters(paramLabel = "EMAIL") String email;
    @Option(names = "--name") String name;
    @Option(names = "--org") String organisation;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        Representative before = ctx.admin().representative(email);
        Representative r = ctx.admin().updateRepresentative(ctx.actor(), email, name == null ? before.name() : name,
                organisation == null ? before.organisationName() : organisation);
        out.println("updated " + r.email() + " (" + r.name() + ", " + r.organisationName() + ")");
        return ExitCodes.OK;
    }
}
