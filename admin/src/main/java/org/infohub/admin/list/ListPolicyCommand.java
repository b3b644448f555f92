package org.infohub.admin.list;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.member.HubList;
import org.infohub.core.member.ValidationException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub list policy ADDRESS members|anyone|moderated}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Set who may post to a list.")
public class ListPolicyCommand extends DatabaseCommand {
    @Parameters(index = "0", paramLabel = "ADDRESS") String address;
    @Parameters(index = "1", paramLabel = "POLICY", description = "members, anyone or moderated") String policy;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        HubList.PostingPolicy p = HubList.PostingPolicy.parse(policy)
                .orElseThrow(() -> ValidationException.of("policy", "'" + policy + "': choose members, anyone or moderated"));
        HubList l = ctx.admin().setPostingPolicy(ctx.actor(), address, p);
        out.println(l.localPart() + "@ now takes posts from: " + l.postingPolicy().code());
        return ExitCodes.OK;
    }
}
