package org.infohub.admin.search;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.Submission;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.indicator.Indicators;
import org.infohub.indexer.IndexSwap;

import picocli.CommandLine.Command;

/**
 * {@code ./infohub reindex}: rebuilds the search index from MariaDB beside the live one, which
 * keeps answering searches until the new one is complete; the running server (or this command,
 * when none runs) then puts it in place. Cut short, it goes on from where it stopped next time.
 */
@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = {"Rebuild the search index from the archive in MariaDB (and the indicators of posts archived "
                + "before indicators were kept). Searches use the old index until the new one is complete."})
public class ReindexCommand extends DatabaseCommand {
    private static final int BATCH = 1000;

    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) throws Exception {
        HubConfig config = options.load();
        ArchiveRepository archive = new ArchiveRepository(ctx.jdbc(), new Indicators(config.domain()));
        long posts = archive.count();
        long t0 = System.nanoTime();
        err.println("reindex: " + posts + " archived post(s); indicators first, then the index in " + IndexSwap.next(config.indexDir()));
        err.flush();
        long filled = backfillIndicators(ctx, archive, err);
        int docs = IndexSwap.build(config.indexDir(), archive);
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("rebuilt the index: %d post(s) in %.1f s (%.0f posts/s); indicators filled in for %d older post(s)%n",
                docs, seconds, docs / Math.max(seconds, 1e-3), filled);
        if (HubDatabase.runningServer(config.dataDir()).isPresent()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (IndexSwap.ready(config.indexDir()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            out.println(IndexSwap.ready(config.indexDir()) ? "the server has not taken the new index yet; it will at its next start"
                    : "the running server now searches the new index");
        } else {
            IndexSwap.swap(config.indexDir());
            out.println("the new index is in place; the server will use it at its next start");
        }
        return ExitCodes.OK;
    }

    /** Posts archived before the indicator table existed get their indicators (again harmless for others). */
    private static long backfillIndicators(AdminContext ctx, ArchiveRepository archive, PrintWriter err) {
        long after = 0;
        long filled = 0;
        while (true) {
            List<Long> missing = ctx.jdbc().query("SELECT s.seq FROM submission s WHERE s.seq > ? AND NOT EXISTS "
                    + "(SELECT 1 FROM indicator i WHERE i.seq = s.seq) ORDER BY s.seq LIMIT ?", rs -> rs.getLong(1), after, BATCH);
            if (missing.isEmpty()) {
                return filled;
            }
            for (long seq : missing) {
                Submission s = archive.findBySeq(seq).orElseThrow();
                String attached = org.infohub.core.archive.MessageText.attachmentText(archive.raw(seq).orElse(null));
                if (!archive.storeIndicators(seq, s.subject(), s.textBody() + "\n" + attached).isEmpty()) {
                    filled++;
                }
            }
            after = missing.get(missing.size() - 1);
            err.println("reindex: indicators checked up to archive seq " + after);
            err.flush();
        }
    }
}
