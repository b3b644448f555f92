package org.infohub.admin.list;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.HubList;
import org.infohub.core.member.ValidationException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./infohub list create ADDRESS --name NAME [--policy members|anyone|moderated] [--orgs "A,B"]}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a group list (such as banking@) with its member organisations.")
public class ListCreateCommand extends DatabaseCommand {
    @Parameters(paramLabel = "ADDRESS", description = "the local part, such as banking") String address;
    @Option(names = "--name", required = true) String name;
    @Option(names = "--policy", description = "who may post: members (default), anyone or moderated") String policy = "members";
    @Option(names = "--description") String description = "";
    @Option(names = "--org", description = "a member organisation (repeat for each)") java.util.List<String> orgs = new java.util.ArrayList<>();

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        HubList.PostingPolicy p = HubList.PostingPolicy.parse(policy)
                .orElseThrow(() -> ValidationException.of("policy", "'" + policy + "': choose members, anyone or moderated"));
        HubList l = ctx.admin().createGroupList(ctx.actor(), address, name, p, description, orgs);
        out.println("created " + l.localPart() + "@ (" + l.name() + ", policy " + l.postingPolicy().code() + ", "
                + ctx.members().groupOrganisations(l).size() + " organisation(s))");
        return ExitCodes.OK;
    }
}
