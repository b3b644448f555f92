package org.infohub.admin.user;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.admin.auth.AdminUsers;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./infohub admin token NAME [--label L]}: an API token, printed once. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Create an API token acting as this administrator; it is printed once and stored only as a hash.")
public class AdminTokenCommand extends DatabaseCommand {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--label", description = "what the token is for") String label = "api";

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        out.println(new AdminUsers(ctx.jdbc(), ctx.audit(), ctx.clock()).createToken(ctx.actor(), name, label));
        return ExitCodes.OK;
    }
}
