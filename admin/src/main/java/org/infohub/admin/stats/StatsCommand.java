package org.infohub.admin.stats;

import java.io.PrintWriter;
import java.util.Map;

import org.infohub.admin.AdminContext;
import org.infohub.admin.DatabaseCommand;
import org.infohub.admin.ExitCodes;
import org.infohub.core.stats.HubCounters;
import org.infohub.core.stats.HubStats;

import picocli.CommandLine.Command;

/** {@code ./infohub stats}: the programme's figures, and the server's retry counts. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Members, organisations, posts per sector, TLP and month, and retries while MariaDB was away.")
public class StatsCommand extends DatabaseCommand {
    @Override
    protected int run(AdminContext ctx, PrintWriter out, PrintWriter err) {
        HubStats.Figures f = new HubStats(ctx.jdbc()).figures();
        out.printf("representatives: %d (%d active)%n", f.representatives(), f.activeRepresentatives());
        out.printf("organisations:   %d (%d active)%n", f.organisations(), f.activeOrganisations());
        out.printf("lists:           %d%n", f.lists());
        out.printf("posts shared:    %d (refused %d, held %d)%n", f.posts(), f.refused(), f.held());
        section(out, "posts per sector", f.postsBySector());
        section(out, "posts per TLP", f.postsByTlp());
        section(out, "posts per month", f.postsByMonth());
        out.printf("retries while MariaDB was out of reach: %d%n", f.counters().getOrDefault(HubCounters.DATABASE_RETRIES, 0L));
        return ExitCodes.OK;
    }

    private static void section(PrintWriter out, String title, Map<String, Long> counts) {
        out.println(title + ":" + (counts.isEmpty() ? " none" : ""));
        counts.forEach((k, v) -> out.printf("  %-14s %d%n", k, v));
    }
}
