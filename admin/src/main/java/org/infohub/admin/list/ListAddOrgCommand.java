package org.infohub.admin.list;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub list add-org ADDRESS ORGANISATION}. */
@Command(name = "add-org", mixinStandardHelpOptions = true, description = "Add a member organisation to a group list.")
public class ListAddOrgCommand extends DatabaseCommand {
    @Parameters(index = "0", paramLabel = "ADDRESS") String address;
    @Parameters(index = "1", paramLabel = "ORGANISATION") String organisation;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        ctx.admin().addListOrganisation(ctx.actor(), address, organisation);
        out.println(address + ": organisations now " + String.join(", ",
                ctx.members().groupOrganisations(ctx.admin().list(address))));
        return ExitCodes.OK;
    }
}
