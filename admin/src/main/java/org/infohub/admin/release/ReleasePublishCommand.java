package org.infohub.admin.release;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.release.Releases;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./infohub release publish ID}: publishes a CLEAR release, asks the originator about a GREEN or AMBER one. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a release (TLP:CLEAR), or ask its originator's consent (GREEN, AMBER); never TLP:RED.")
public class ReleasePublishCommand extends DatabaseCommand {
    @Parameters(paramLabel = "ID") long id;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        Releases.Release r = new Releases(ctx.jdbc(), new ArchiveRepository(ctx.jdbc()), ctx.audit(), ctx.clock())
                .publish(ctx.actor(), id);
        out.println("release " + r.id() + " is now " + r.state().name().toLowerCase().replace('_', ' '));
        return ExitCodes.OK;
    }
}
