package org.infohub.admin.user;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.admin.auth.AdminUsers;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./infohub admin passwd NAME [--password-stdin]}: a new password, which also lifts a lock-out. */
@Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set an administrator's password and lift a lock-out.")
public class AdminPasswordCommand extends DatabaseCommand {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--password-stdin", description = "read the password from the first line of standard input") boolean stdin;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) throws Exception {
        String password = PasswordInput.read(stdin, name);
        new AdminUsers(ctx.jdbc(), ctx.audit(), ctx.clock()).setPassword(ctx.actor(), name, password);
        out.println("password of " + name + " changed");
        return ExitCodes.OK;
    }
}
