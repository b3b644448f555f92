package org.infohub.admin.organisation;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.Organisation;
import org.infohub.core.member.Status;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub org suspend NAME}. */
@Command(name = "suspend", mixinStandardHelpOptions = true,
        description = "Suspend an organisation: its representatives can no longer post and receive nothing, at once.")
public class OrganisationSuspendCommand extends DatabaseCommand {
    @Parameters(paramLabel = "NAME") String name;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        Organisation o = ctx.admin().setOrganisationStatus(ctx.actor(), name, Status.SUSPENDED);
        out.println("organisation " + o.name() + " is now " + o.status().code() + " (" + o.representatives()
                + " representative(s))");
        return ExitCodes.OK;
    }
}
