package org.infohub.admin.digest;

import java.io.PrintWriter;
import java.time.Clock;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.digest.Digests;

import picocli.CommandLine.Command;

/**
 * {@code ./infohub digest send-now}: builds every waiting digest into the outbox now; the running
 * server hands them to its queue within seconds (or at its next start).
 */
@Command(name = "send-now", mixinStandardHelpOptions = true,
        description = "Build every representative's waiting digest now, instead of at the daily time.")
public class DigestSendNowCommand extends DatabaseCommand {
    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        HubConfig config = options.load();
        Digests digests = new Digests(ctx.members(), new ArchiveRepository(ctx.jdbc()), config.domain(), Clock.systemUTC(),
                config.presentation().language());
        int built = digests.buildAll(1);
        out.println(built + " digest(s) built (" + digests.lastRound() + ")" + (HubDatabase.runningServer(config.dataDir()).isPresent()
                ? "; the server sends them within seconds" : "; the server sends them when it starts"));
        ctx.audit().record(ctx.actor(), "digest.send-now", "digest", "all", "", "built=" + built);
        return ExitCodes.OK;
    }
}
