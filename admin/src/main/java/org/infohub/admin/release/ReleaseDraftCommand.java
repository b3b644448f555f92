package org.infohub.admin.release;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.release.Releases;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub release draft SEQ}: a redacted draft of an archived post (never of a TLP:RED one). */
@Command(name = "draft", mixinStandardHelpOptions = true, description = "Make a redacted release draft of an archived post.")
public class ReleaseDraftCommand extends DatabaseCommand {
    @Parameters(paramLabel = "SEQ", description = "the post's archive number (as search prints it)") long seq;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        Releases.Release r = new Releases(ctx.jdbc(), new ArchiveRepository(ctx.jdbc()), ctx.audit(), ctx.clock())
                .draft(ctx.actor(), seq);
        out.println("release " + r.id() + " (" + r.state().name().toLowerCase() + "): " + r.title());
        out.println(r.body());
        return ExitCodes.OK;
    }
}
