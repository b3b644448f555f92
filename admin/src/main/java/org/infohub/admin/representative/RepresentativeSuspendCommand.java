package org.infohub.admin.representative;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.Representative;
import org.infohub.core.member.Status;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub rep suspend EMAIL}. */
@Command(name = "suspend", mixinStandardHelpOptions = true, description = "Suspend a representative: no posts from them, nothing to them.")
public class RepresentativeSuspendCommand extends DatabaseCommand {
    @Parameters(paramLabel = "EMAIL") String email;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        Representative r = ctx.admin().setRepresentativeStatus(ctx.actor(), email, Status.SUSPENDED);
        out.println(r.email() + " is now " + r.status().code());
        return ExitCodes.OK;
    }
}
