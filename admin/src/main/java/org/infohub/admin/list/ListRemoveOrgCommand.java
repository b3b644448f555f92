package org.infohub.admin.list;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub list remove-org ADDRESS ORGANISATION}. */
@Command(name = "remove-org", mixinStandardHelpOptions = true, description = "Remove a member organisation from a group list.")
public class ListRemoveOrgCommand extends DatabaseCommand {
    @Parameters(index = "0", paramLabel = "ADDRESS") String address;
    @Parameters(index = "1", paramLabel = "ORGANISATION") String organisation;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        ctx.admin().removeListOrganisation(ctx.actor(), address, organisation);
        out.println(address + ": organisations now " + String.join(", ",
                ctx.members().groupOrganisations(ctx.admin().list(address))));
        return ExitCodes.OK;
    }
}
