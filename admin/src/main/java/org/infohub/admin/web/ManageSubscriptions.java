package org.infohub.admin.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.infohub.core.db.Jdbc;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.infohub.core.member.ManageLinks;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Organisation;
import org.infohub.core.member.Representative;
import org.infohub.core.member.ValidationException;
import org.infohub.core.trust.Throttle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * The page every post's shared copy names in {@code List-Unsubscribe}: a representative asks for a
 * sign-in link (mailed to their registered address by the mail server), and with it sets each of
 * their lists to immediate, digest or off, and keeps their organisation's watchlist (what the hub
 * tells them about when a post names it). The answer to a request never says whether the address
 * is registered; requests are throttled per client address; changes are in the audit log.
 */
final class ManageSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(ManageSubscriptions.class);

    private final Jdbc jdbc;
    private final MembershipRepository members;
    private final MembershipAdmin admin;
    private final Throttle throttle = new Throttle(10, Duration.ofMinutes(15), 10_000, Clock.systemUTC());
    private volatile ManageLinks links;
    private final org.infohub.core.watch.Watchlists watchlists;

    private String hubDomain = "";

    /** The hub's domain, which sighting lines never take as an indicator. */
    ManageSubscriptions hubDomain(String domain) {
        this.hubDomain = domain;
        return this;
    }

    ManageSubscriptions(Jdbc jdbc, MembershipAdmin admin) {
        this.jdbc = jdbc;
        this.members = new MembershipRepository(jdbc);
        this.admin = admin;
        this.watchlists = new org.infohub.core.watch.Watchlists(jdbc, new org.infohub.core.audit.AuditLog(jdbc,
                Clock.systemUTC()), Clock.systemUTC());
    }

    void add(Javalin app) {
        app.get("/subscriptions", ctx -> ctx.html(page("Manage your lists", askForm(""))));
        app.post("/subscriptions", this::request);
        app.get("/subscriptions/{token}", this::lists);
        app.post("/subscriptions/{token}", this::change);
        app.post("/subscriptions/{token}/watchlist", this::watch);
        app.post("/subscriptions/{token}/sightings", this::sightings);
    }

    private ManageLinks links() {
        if (links == null) {
            links = new ManageLinks(jdbc, Clock.systemUTC());
        }
        return links;
    }

    private static String askForm(String note) {
        return note + "<p>Enter the address you receive Infohub mail at. If it is a representative's, a link to manage "
                + "its lists is mailed to it; the link works for " + ManageLinks.VALID.toHours() + " hours.</p>"
                + "<form method=\"post\" action=\"/subscriptions\"><label>Address <input type=\"email\" name=\"email\" "
                + "required maxlength=\"254\"></label> <button type=\"submit\">Send me a link</button></form>";
    }

    private void request(Context ctx) {
        Duration wait = throttle.wait(ctx.ip());
        if (!wait.isZero()) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).html(page("Too many requests",
                    "<p>Too many links asked for from here. Try again in " + Math.max(1, wait.toMinutes()) + " minutes.</p>"));
            return;
        }
        throttle.failed(ctx.ip());
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").trim();
        if (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+")) {
            ctx.status(HttpStatus.BAD_REQUEST).html(page("Manage your lists",
                    askForm("<p class=\"error\">That is not an e-mail address.</p>")));
            return;
        }
        boolean sent = links().request(email);
        LOG.info("manage link asked: {}", sent ? "will be sent" : "not sent (unknown, inactive or asked lately)");
        ctx.html(page("Check your mail", "<p>If " + esc(email) + " is a representative's address, a link is on its "
                + "way to it (at most one every " + ManageLinks.AGAIN.toMinutes() + " minutes).</p>"));
    }

    private Optional<Representative> who(Context ctx) {
        Optional<String> email = links().verify(ctx.pathParam("token"));
        Optional<Representative> rep = email.flatMap(members::findRepresentative).filter(Representative::active);
        if (rep.isEmpty()) {
            ctx.status(HttpStatus.FORBIDDEN).html(page("Link not valid", "<p>This link is not valid: it has expired, "
                    + "was changed, or its address is no longer a representative's.</p>" + askForm("")));
        }
        return rep;
    }

    private void lists(Context ctx) {
        Optional<Representative> rep = who(ctx);
        if (rep.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder();
        // A fixed word, never text from the link: a link cannot make this page say anything.
        if (ctx.queryParam("saved") != null) {
            body.append("<p class=\"done\" role=\"status\">Saved.</p>");
        }
        body.append("<p>Lists of <b>").append(esc(rep.get().email())).append("</b> (")
                .append(esc(rep.get().organisationName())).append(")</p><table><tr><th>List</th><th>Receives</th><th></th></tr>");
        for (HubList l : members.lists()) {
            if (!members.isMember(l, rep.get())) {
                continue;
            }
            DeliveryMode mode = members.modeOf(rep.get(), l);
            body.append("<tr><td>").append(esc(l.localPart())).append("@ ").append(esc(l.name())).append("</td><td>")
                    .append("<form method=\"post\"><input type=\"hidden\" name=\"list\" value=\"").append(esc(l.localPart()))
                    .append("\"><select name=\"mode\" aria-label=\"").append(esc(l.localPart())).append("\">");
            for (DeliveryMode m : DeliveryMode.values()) {
                body.append("<option value=\"").append(m.name().toLowerCase(java.util.Locale.ROOT)).append('"')
                        .append(m == mode ? " selected" : "").append('>').append(words(m)).append("</option>");
            }
            body.append("</select> <button type=\"submit\">Save</button></form></td></tr>");
        }
        body.append("</table>");
        body.append("<h2>Your organisation's watchlist</h2><p>When a post shared with ").append(esc(rep.get()
                .organisationName())).append(" names one of these, its representatives are told at once.</p><ul id=\"watchlist\">");
        for (org.infohub.core.watch.WatchEntry e : watchlists.of(rep.get().organisationId())) {
            body.append("<li>").append(esc(e.type().code())).append(' ').append(esc(e.value()))
                    .append(" <form method=\"post\" action=\"/subscriptions/").append(esc(ctx.pathParam("token")))
                    .append("/watchlist\" style=\"display:inline\"><input type=\"hidden\" name=\"remove\" value=\"")
                    .append(e.id()).append("\"><button type=\"submit\">Remove</button></form></li>");
        }
        body.append("</ul><form method=\"post\" action=\"/subscriptions/").append(esc(ctx.pathParam("token")))
                .append("/watchlist\"><label>Type <select name=\"type\"><option value=\"cidr\">address range</option>"
                        + "<option value=\"domain\">domain</option><option value=\"asn\">AS number</option><option value=\"name\">"
                        + "brand or product name</option></select></label> <label>Value <input name=\"value\" maxlength=\"253\" "
                        + "required></label> <button type=\"submit\">Watch</button></form>");
        body.append("<h2>Report sightings</h2><p>As in a reply to a post: one line each, <code>+seen</code>, "
                + "<code>+fp</code> (a false positive) or <code>+patched</code>, then the indicator. Recorded for ")
                .append(esc(rep.get().organisationName())).append(", only for indicators of posts it received.</p>")
                .append("<form method=\"post\" action=\"/subscriptions/").append(esc(ctx.pathParam("token")))
                .append("/sightings\"><label for=\"sighting-lines\">Sightings</label><br><textarea id=\"sighting-lines\" "
                        + "name=\"lines\" rows=\"4\" maxlength=\"20000\" style=\"width:100%;box-sizing:border-box\" "
                        + "placeholder=\"+seen 203.0.113.7\"></textarea><br><button type=\"submit\" id=\"report-sightings\">"
                        + "Report</button></form>");
        ctx.header("Cache-Control", "no-store");
        ctx.html(page("Manage your lists", body.toString()));
    }

    /** Sightings through the signed link, read and recorded exactly as those of a reply. */
    private void sightings(Context ctx) {
        Optional<Representative> rep = who(ctx);
        if (rep.isEmpty()) {
            return;
        }
        String lines = Optional.ofNullable(ctx.formParam("lines")).orElse("");
        if (lines.length() > 20_000) {
            lines = lines.substring(0, 20_000);
        }
        java.util.List<org.infohub.core.sighting.Sightings.Command> commands = org.infohub.core.sighting.Sightings.commands(lines);
        StringBuilder body = new StringBuilder();
        if (commands.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            body.append("<p class=\"error\">No sighting line: start each with +seen, +fp or +patched.</p>");
        } else {
            String key;
            try {
                key = "web:" + rep.get().id() + ":" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
                        .getInstance("SHA-256").digest(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            java.util.List<org.infohub.core.sighting.Sightings.Outcome> outcomes = new org.infohub.core.sighting.Sightings(jdbc,
                    new org.infohub.core.audience.Audience(members), new org.infohub.core.indicator.Indicators(hubDomain),
                    Clock.systemUTC()).record(commands, rep.get().organisationId(), rep.get().id(), key);
            LOG.info("self-service sightings lines={} recorded={}", commands.size(),
                    outcomes.stream().filter(org.infohub.core.sighting.Sightings.Outcome::recorded).count());
            body.append("<ul id=\"sighting-outcomes\">");
            for (org.infohub.core.sighting.Sightings.Outcome o : outcomes) {
                body.append("<li>").append(o.recorded() ? "Recorded: " : "Not recorded: ").append(esc(o.words())).append("</li>");
            }
            body.append("</ul>");
        }
        body.append("<p><a href=\"/subscriptions/").append(esc(ctx.pathParam("token"))).append("\">Back</a></p>");
        ctx.header("Cache-Control", "no-store");
        ctx.html(page("Sightings", body.toString()));
    }

    private void change(Context ctx) {
        Optional<Representative> rep = who(ctx);
        if (rep.isEmpty()) {
            return;
        }
        String list = Optional.ofNullable(ctx.formParam("list")).orElse("");
        Optional<DeliveryMode> mode = DeliveryMode.parse(Optional.ofNullable(ctx.formParam("mode")).orElse(""));
        if (mode.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST).html(page("Not saved", "<p>Choose immediate, digest or off.</p>"));
            return;
        }
        try {
            admin.setSubscription("self-service " + rep.get().email(), rep.get().email(), list, mode.get());
        } catch (ValidationException e) {
            ctx.status(HttpStatus.BAD_REQUEST).html(page("Not saved", "<p>" + esc(e.getMessage()) + "</p>"));
            return;
        }
        LOG.info("self-service subscription list={} mode={}", list, mode.get());
        ctx.redirect("/subscriptions/" + ctx.pathParam("token") + "?saved", HttpStatus.SEE_OTHER);
    }

    /** Adds an entry to (or removes one from) the representative's own organisation's watchlist. */
    private void watch(Context ctx) {
        Optional<Representative> rep = who(ctx);
        if (rep.isEmpty()) {
            return;
        }
        String actor = "self-service " + rep.get().email();
        Organisation own = members.findOrganisation(rep.get().organisationId()).orElseThrow();
        try {
            String remove = ctx.formParam("remove");
            if (remove != null) {
                long id = Long.parseLong(remove);
                watchlists.find(id).filter(e -> e.organisationId() == own.id()).ifPresent(e -> watchlists.remove(actor, e));
            } else {
                org.infohub.core.watch.WatchEntry.Type type = org.infohub.core.watch.WatchEntry.Type.parse(ctx.formParam("type"))
                        .orElseThrow(() -> ValidationException.of("type", "choose a type"));
                org.infohub.core.watch.WatchEntry e = watchlists.add(actor, own, type, ctx.formParam("value"));
                watchlists.findSeenBefore(e, new org.infohub.core.archive.ArchiveRepository(jdbc));
            }
        } catch (ValidationException | NumberFormatException e) {
            ctx.status(HttpStatus.BAD_REQUEST).html(page("Not saved", "<p>" + esc(e.getMessage()) + "</p><p><a href=\"/subscriptions/"
                    + esc(ctx.pathParam("token")) + "\">Back</a></p>"));
            return;
        }
        ctx.redirect("/subscriptions/" + ctx.pathParam("token") + "?saved", HttpStatus.SEE_OTHER);
    }

    private static String words(DeliveryMode m) {
        return switch (m) {
            case IMMEDIATE -> "every post at once";
            case DIGEST -> "a daily digest";
            case OFF -> "nothing";
        };
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width\"><title>" + esc(title) + " - Infohub</title>"
                + "<link rel=\"icon\" href=\"/public/favicon.svg\" type=\"image/svg+xml\">"
                + "<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:1em auto;padding:0 1em;"
                + "overflow-wrap:anywhere}</style></head><body><main><h1>" + esc(title) + "</h1>" + body + "</main></body></html>";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
