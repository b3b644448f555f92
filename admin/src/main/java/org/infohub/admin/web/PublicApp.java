package org.infohub.admin.web;

import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The listener the Internet may reach: the Public Zone ({@code /public}), the one-click
 * unsubscribe page ({@code /unsubscribe/TOKEN}) and the page where representatives manage their
 * lists with a link mailed to them ({@code /subscriptions}), and what members' tools read with
 * their organisation's token (TAXII 2.1 under {@code /taxii2/}, MISP feeds under {@code /misp/}),
 * nothing else. No sessions, no sign-in page, no
 * API: every other path is 404. It runs in the console's process, on {@code public.bind} and
 * {@code public.port}.
 */
public final class PublicApp {
    private final PublicZone zone;
    private final OneClickUnsubscribe unsubscribe;
    private final ManageSubscriptions subscriptions;
    private final TaxiiRoutes taxii;
    private final MispFeedRoutes misp;
    private Javalin app;

    PublicApp(PublicZone zone, OneClickUnsubscribe unsubscribe, ManageSubscriptions subscriptions, TaxiiRoutes taxii,
              MispFeedRoutes misp) {
        this.zone = zone;
        this.unsubscribe = unsubscribe;
        this.subscriptions = subscriptions;
        this.taxii = taxii;
        this.misp = misp;
    }

    public PublicApp start(String host, int port) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.defaultContentType = "text/html; charset=utf-8";
            config.http.maxRequestSize = 16_000L;
        });
        app.before(PublicApp::securityHeaders);
        app.get("/", ctx -> ctx.redirect("/public"));
        zone.add(app);
        unsubscribe.add(app);
        subscriptions.add(app);
        taxii.add(app);
        misp.add(app);
        app.start(host, port);
        return this;
    }

    private static void securityHeaders(Context ctx) {
        ConsoleApp.securityHeaders(ctx);
        // Readers' next sites need not learn which released item they came from.
        ctx.header("Referrer-Policy", "no-referrer");
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        if (app != null) {
            app.stop();
        }
    }
}
