package org.infohub.admin.web;

import java.util.Map;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.member.Page;

import io.javalin.Javalin;

/** The audit log: every change and sign-in attempt, newest first, with filters in the search box. */
final class AuditRoutes implements ConsoleRoutes {
    private final ConsoleServices s;
    private final Pages pages;

    AuditRoutes(ConsoleServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    @Override
    public void add(Javalin app) {
        app.get("/console/audit", ctx -> {
            Listing l = Listing.newestFirst(ctx, "/console/audit", "at");
            Page<AuditLog.Entry> page = s.audit.page(l.search(), l.sort(), l.desc(), l.page(), Listing.SIZE);
            pages.render(ctx, "audit.jte", "console.title.audit", "audit", Map.of("page", page, "listing", l.with(page)));
        });
    }
}
