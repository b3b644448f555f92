package org.infohub.admin.representative;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.Representative;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./infohub rep add EMAIL --name NAME --org ORGANISATION}. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Register a representative of an organisation.")
public class RepresentativeAddCommand extends DatabaseCommand {
    @Parameters(paramLabel = "EMAIL") String email;
    @Option(names = "--name", required = true) String name;
    @Option(names = "--org", required = true, description = "the organisation's name") String organisation;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        Representative r = ctx.admin().addRepresentative(ctx.actor(), email, name, organisation);
        out.println("registered " + r.email() + " (" + r.name() + ") for " + r.organisationName());
        return ExitCodes.OK;
    }
}
