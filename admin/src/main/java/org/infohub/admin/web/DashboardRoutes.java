package org.infohub.admin.web;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.member.MembershipCsv;

import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The dashboard (the programme at a glance: charts of posts per week by sector and TLP, members per
 * sector, the latest posts, held posts waiting, recent sign-ins), its figures as CSV, the whole
 * membership as CSV, and {@code /api/stats}.
 */
final class DashboardRoutes implements ConsoleRoutes {
    private final ConsoleServices s;
    private final Pages pages;

    DashboardRoutes(ConsoleServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    @Override
    public void add(Javalin app) {
        app.get("/console", ctx -> pages.render(ctx, "dashboard.jte", "console.title.dashboard", "dashboard",
                Map.of("dashboard", dashboard(ctx), "events", s.events.upcoming(s.clock.instant(), 8),
                        "tlsHeld", new org.infohub.core.delivery.TlsHeld(s.jdbc, s.clock).current())));
        app.get("/console/dashboard.csv", ctx -> Pages.csv(ctx, "infohub-figures.csv", dashboard(ctx).csv()));
        app.get("/console/export.csv", ctx -> {
            StringWriter text = new StringWriter();
            new MembershipCsv(s.admin, s.audit).export(new PrintWriter(text));
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"infohub-membership.csv\"");
            ctx.result(text.toString());
        });
        app.get("/api/stats", ctx -> ctx.json(s.stats.figures()));
    }

    private Dashboard dashboard(Context ctx) {
        LocalDate today = LocalDate.now(s.clock.withZone(s.settings().zone()));
        List<PostView.ThreadPost> latest = s.jdbc.query("SELECT seq, subject, sender, received_at FROM submission "
                + "ORDER BY seq DESC LIMIT 8", rs -> new PostView.ThreadPost(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getTimestamp(4).toInstant(), 0, false));
        List<AuditLog.Entry> signIns = s.audit.page("action:admin.sign-in", "at", true, 1, 8).rows();
        return Dashboard.of(s.stats.figures(), s.stats.postsSince(Dashboard.firstWeek(today).minusDays(1)),
                s.stats.membersBySector(), today, latest, s.outcomes.waitingPosts(8), s.outcomes.waiting(), signIns);
    }
}
