package org.infohub.admin.release;

import java.io.PrintWriter;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.release.Releases;

import picocli.CommandLine.Command;

/** {@code ./infohub release list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List releases and their state.")
public class ReleaseListCommand extends DatabaseCommand {
    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        for (Releases.Release r : new Releases(ctx.jdbc(), new ArchiveRepository(ctx.jdbc()), ctx.audit(), ctx.clock()).all()) {
            out.println(r.id() + "\t" + r.state().name().toLowerCase() + "\tTLP:" + r.originalTlp().code() + "\t" + r.title());
        }
        return ExitCodes.OK;
    }
}
