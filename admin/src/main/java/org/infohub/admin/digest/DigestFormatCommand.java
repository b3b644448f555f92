package org.infohub.admin.digest;

import java.io.PrintWriter;
import java.time.Clock;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.digest.Digests;
import org.infohub.core.member.Representative;
import org.infohub.core.member.ValidationException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub digest format EMAIL mime|plain}. */
@Command(name = "format", mixinStandardHelpOptions = true,
        description = "Choose a representative's digest format: mime (the posts as attached messages) or plain (RFC 1153 text).")
public class DigestFormatCommand extends DatabaseCommand {
    @Parameters(index = "0", paramLabel = "EMAIL") String email;
    @Parameters(index = "1", paramLabel = "FORMAT", description = "mime or plain") String format;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        if (!format.equals("mime") && !format.equals("plain")) {
            throw ValidationException.of("format", "'" + format + "': choose mime or plain");
        }
        Representative rep = ctx.admin().representative(email);
        new Digests(ctx.members(), new ArchiveRepository(ctx.jdbc()), "", Clock.systemUTC()).setFormat(rep, format.equals("plain"));
        ctx.audit().record(ctx.actor(), "digest.format", "representative", rep.email(), "", "digest_format=" + format);
        out.println(rep.email() + " receives " + format + " digests");
        return ExitCodes.OK;
    }
}
