package org.infohub.admin.user;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.admin.auth.AdminUsers;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./infohub admin add NAME [--password-stdin]}: a console administrator. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Create a console administrator; the password is asked for (or read from standard input).")
public class AdminAddCommand extends DatabaseCommand {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--password-stdin", description = "read the password from the first line of standard input") boolean stdin;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) throws Exception {
        String password = PasswordInput.read(stdin, name);
        new AdminUsers(ctx.jdbc(), ctx.audit(), ctx.clock()).create(ctx.actor(), name, password);
        out.println("administrator " + name + " created; sign in at the console (./infohub admin-web)");
        return ExitCodes.OK;
    }
}
