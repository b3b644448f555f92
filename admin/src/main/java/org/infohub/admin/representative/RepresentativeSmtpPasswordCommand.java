package org.infohub.admin.representative;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.admin.user.PasswordInput;
import org.infohub.core.trust.SmtpPasswords;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./infohub rep smtp-password EMAIL [--password-stdin | --remove]}. */
@Command(name = "smtp-password", mixinStandardHelpOptions = true,
        description = "Set the password a representative signs in with on the submission port (SMTP AUTH after "
                + "STARTTLS), at least 12 characters; stored as a PBKDF2 hash.")
public class RepresentativeSmtpPasswordCommand extends DatabaseCommand {
    @Parameters(paramLabel = "EMAIL") String email;
    @Option(names = "--password-stdin", description = "read the password from the first line of standard input") boolean stdin;
    @Option(names = "--remove", description = "remove the password: the representative can no longer sign in") boolean remove;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) throws Exception {
        String password = remove ? "" : PasswordInput.read(stdin, email);
        if (!remove && password.isEmpty()) {
            err.println("infohub: password: empty; give one, or --remove to take the password away");
            return ExitCodes.REFUSED;
        }
        new SmtpPasswords(ctx.jdbc(), ctx.audit(), java.time.Clock.systemUTC()).set(ctx.actor(), email, password);
        out.println(remove ? "submission password of " + email + " removed" : "submission password of " + email + " set");
        return ExitCodes.OK;
    }
}
