package org.infohub.admin.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.infohub.core.db.Jdbc;
import org.infohub.core.i18n.Language;
import org.infohub.core.i18n.Messages;
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

    private final Language programme;

    ManageSubscriptions(Jdbc jdbc, MembershipAdmin admin, Language programme) {
        this.programme = programme;
        this.jdbc = jdbc;
        this.members = new MembershipRepository(jdbc);
        this.admin = admin;
        this.watchlists = new org.infohub.core.watch.Watchlists(jdbc, new org.infohub.core.audit.AuditLog(jdbc,
                Clock.systemUTC()), Clock.systemUTC());
    }

    void add(Javalin app) {
        app.get("/subscriptions", ctx -> {
            Messages w = browser(ctx);
            ctx.html(page(w, w.get("manage.title"), askForm(w, "")));
        });
        app.post("/subscriptions", this::request);
        app.get("/subscriptions/{token}", this::lists);
        app.post("/subscriptions/{token}", this::change);
        app.post("/subscriptions/{token}/watchlist", this::watch);
        app.post("/subscriptions/{token}/sightings", this::sightings);
        app.post("/subscriptions/{token}/language", this::language);
    }

    private ManageLinks links() {
        if (links == null) {
            links = new ManageLinks(jdbc, Clock.systemUTC());
        }
        return links;
    }

    /** Words for a reader the page does not know yet: their browser's language, else the programme's. */
    private Messages browser(Context ctx) {
        return PageLanguage.words(ctx, PageLanguage.of(ctx, programme));
    }

    /** Words for a representative: the language they chose for the hub's mail, else their browser's. */
    private Messages words(Context ctx, Representative rep) {
        return PageLanguage.words(ctx, rep.languageOr(PageLanguage.of(ctx, programme)));
    }

    private static String askForm(Messages w, String note) {
        return note + "<p>" + esc(w.get("manage.ask", ManageLinks.VALID.toHours())) + "</p>"
                + "<form method=\"post\" action=\"/subscriptions\"><label>" + esc(w.get("manage.address"))
                + " <input type=\"email\" name=\"email\" required maxlength=\"254\"></label> <button type=\"submit\">"
                + esc(w.get("manage.sendLink")) + "</button></form>";
    }

    private void request(Context ctx) {
        Messages w = browser(ctx);
        Duration wait = throttle.wait(ctx.ip());
        if (!wait.isZero()) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).html(page(w, w.get("manage.tooMany.title"),
                    "<p>" + esc(w.get("manage.tooMany", Math.max(1, wait.toMinutes()))) + "</p>"));
            return;
        }
        throttle.failed(ctx.ip());
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").trim();
        if (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+")) {
            ctx.status(HttpStatus.BAD_REQUEST).html(page(w, w.get("manage.title"),
                    askForm(w, "<p class=\"error\">" + esc(w.get("manage.notAnAddress")) + "</p>")));
            return;
        }
        boolean sent = links().request(email);
        LOG.info("manage link asked: {}", sent ? "will be sent" : "not sent (unknown, inactive or asked lately)");
        ctx.html(page(w, w.get("manage.check.title"), "<p>" + esc(w.get("manage.check", email, ManageLinks.AGAIN.toMinutes()))
                + "</p>"));
    }

    private Optional<Representative> who(Context ctx) {
        Optional<String> email = links().verify(ctx.pathParam("token"));
        Optional<Representative> rep = email.flatMap(members::findRepresentative).filter(Representative::active);
        if (rep.isEmpty()) {
            Messages w = browser(ctx);
            ctx.status(HttpStatus.FORBIDDEN).html(page(w, w.get("manage.invalid.title"), "<p>" + esc(w.get("manage.invalid"))
                    + "</p>" + askForm(w, "")));
        }
        return rep;
    }

    private void lists(Context ctx) {
        Optional<Representative> rep = who(ctx);
        if (rep.isEmpty()) {
            return;
        }
        Messages w = words(ctx, rep.get());
        String token = esc(ctx.pathParam("token"));
        StringBuilder body = new StringBuilder();
        // A fixed word, never text from the link: a link cannot make this page say anything.
        if (ctx.queryParam("saved") != null) {
            body.append("<p class=\"done\" role=\"status\">").append(esc(w.get("manage.saved"))).append("</p>");
        }
        body.append("<p>").append(w.get("manage.listsOf", esc(rep.get().email()), esc(rep.get().organisationName())))
                .append("</p><table><tr><th>").append(esc(w.get("manage.list"))).append("</th><th>")
                .append(esc(w.get("manage.receives"))).append("</th><th></th></tr>");
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
                        .append(m == mode ? " selected" : "").append('>').append(esc(w.get("manage.mode." + m.code())))
                        .append("</option>");
            }
            body.append("</select> <button type=\"submit\">").append(esc(w.get("manage.save"))).append("</button></form></td></tr>");
        }
        body.append("</table>");
        // The language of the hub's mail to them (and of these pages).
        Language chosen = rep.get().language();
        body.append("<h2>").append(esc(w.get("manage.languageHeading"))).append("</h2><p>")
                .append(esc(w.get("manage.languageText"))).append("</p><form method=\"post\" action=\"/subscriptions/")
                .append(token).append("/language\"><select name=\"language\" id=\"language\" aria-label=\"")
                .append(esc(w.get("page.language"))).append("\"><option value=\"\"").append(chosen == null ? " selected" : "")
                .append('>').append(esc(w.get("language.programme", w.get("language." + programme.tag())))).append("</option>");
        for (Language l : Language.values()) {
            body.append("<option value=\"").append(l.tag()).append('"').append(l == chosen ? " selected" : "")
                    .append(" lang=\"").append(l.tag()).append("\">").append(esc(w.get("language." + l.tag()))).append("</option>");
        }
        body.append("</select> <button type=\"submit\" id=\"save-language\">").append(esc(w.get("manage.save")))
                .append("</button></form>");
        body.append("<h2>").append(esc(w.get("manage.watchlist"))).append("</h2><p>")
                .append(esc(w.get("manage.watchlistText", rep.get().organisationName()))).append("</p><ul id=\"watchlist\">");
        for (org.infohub.core.watch.WatchEntry e : watchlists.of(rep.get().organisationId())) {
            body.append("<li>").append(esc(e.type().code())).append(' ').append(esc(e.value()))
                    .append(" <form method=\"post\" action=\"/subscriptions/").append(token)
                    .append("/watchlist\" style=\"display:inline\"><input type=\"hidden\" name=\"remove\" value=\"")
                    .append(e.id()).append("\"><button type=\"submit\">").append(esc(w.get("manage.remove")))
                    .append("</button></form></li>");
        }
        body.append("</ul><form method=\"post\" action=\"/subscriptions/").append(token)
                .append("/watchlist\"><label>").append(esc(w.get("manage.type"))).append(" <select name=\"type\">");
        for (String type : java.util.List.of("cidr", "domain", "asn", "name")) {
            body.append("<option value=\"").append(type).append("\">").append(esc(w.get("manage.type." + type))).append("</option>");
        }
        body.append("</select></label> <label>").append(esc(w.get("manage.value")))
                .append(" <input name=\"value\" maxlength=\"253\" required></label> <button type=\"submit\">")
                .append(esc(w.get("manage.watch"))).append("</button></form>");
        body.append("<h2>").append(esc(w.get("manage.sightings"))).append("</h2><p>")
                .append(w.get("manage.sightingsText", esc(rep.get().organisationName()))).append("</p>")
                .append("<form method=\"post\" action=\"/subscriptions/").append(token)
                .append("/sightings\"><label for=\"sighting-lines\">").append(esc(w.get("manage.sightingsLabel")))
                .append("</label><br><textarea id=\"sighting-lines\" name=\"lines\" rows=\"4\" maxlength=\"20000\" "
                        + "style=\"width:100%;box-sizing:border-box\" placeholder=\"+seen 203.0.113.7\"></textarea><br>"
                        + "<button type=\"submit\" id=\"report-sightings\">").append(esc(w.get("manage.report")))
                .append("</button></form>");
        ctx.header("Cache-Control", "no-store");
        ctx.html(page(w, w.get("manage.title"), body.toString()));
    }

    /** The representative's choice of language for the hub's mail: one of the hub's, or the programme's (empty). */
    private void language(Context ctx) {
        Optional<Representative> rep = who(ctx);
        if (rep.isEmpty()) {
            return;
        }
        String asked = Optional.ofNullable(ctx.formParam("language")).orElse("").strip();
        Optional<Language> language = Language.parse(asked);
        if (!asked.isEmpty() && language.isEmpty()) {
            Messages w = words(ctx, rep.get());
            ctx.status(HttpStatus.BAD_REQUEST).html(page(w, w.get("manage.notSaved.title"), "<p>"
                    + esc(w.get("manage.languageHeading")) + ": " + esc(asked) + "</p>"));
            return;
        }
        admin.setLanguage("self-service " + rep.get().email(), rep.get().email(), language.orElse(null));
        LOG.info("self-service language={}", language.map(Language::tag).orElse("programme"));
        ctx.redirect("/subscriptions/" + ctx.pathParam("token") + "?saved", HttpStatus.SEE_OTHER);
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
        Messages w = words(ctx, rep.get());
        StringBuilder body = new StringBuilder();
        if (commands.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            body.append("<p class=\"error\">").append(esc(w.get("manage.noSighting"))).append("</p>");
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
                body.append("<li>").append(esc(w.get(o.recorded() ? "manage.recorded" : "manage.notRecorded", o.words(w))))
                        .append("</li>");
            }
            body.append("</ul>");
        }
        body.append("<p><a href=\"/subscriptions/").append(esc(ctx.pathParam("token"))).append("\">")
                .append(esc(w.get("manage.back"))).append("</a></p>");
        ctx.header("Cache-Control", "no-store");
        ctx.html(page(w, w.get("manage.sightingsLabel"), body.toString()));
    }

    private void change(Context ctx) {
        Optional<Representative> rep = who(ctx);
        if (rep.isEmpty()) {
            return;
        }
        Messages w = words(ctx, rep.get());
        String list = Optional.ofNullable(ctx.formParam("list")).orElse("");
        Optional<DeliveryMode> mode = DeliveryMode.parse(Optional.ofNullable(ctx.formParam("mode")).orElse(""));
        if (mode.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST).html(page(w, w.get("manage.notSaved.title"), "<p>"
                    + esc(w.get("manage.chooseMode")) + "</p>"));
            return;
        }
        try {
            admin.setSubscription("self-service " + rep.get().email(), rep.get().email(), list, mode.get());
        } catch (ValidationException e) {
            ctx.status(HttpStatus.BAD_REQUEST).html(page(w, w.get("manage.notSaved.title"), "<p>" + esc(e.getMessage()) + "</p>"));
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
        Messages w = words(ctx, rep.get());
        String actor = "self-service " + rep.get().email();
        Organisation own = members.findOrganisation(rep.get().organisationId()).orElseThrow();
        try {
            String remove = ctx.formParam("remove");
            if (remove != null) {
                long id = Long.parseLong(remove);
                watchlists.find(id).filter(e -> e.organisationId() == own.id()).ifPresent(e -> watchlists.remove(actor, e));
            } else {
                org.infohub.core.watch.WatchEntry.Type type = org.infohub.core.watch.WatchEntry.Type.parse(ctx.formParam("type"))
                        .orElseThrow(() -> ValidationException.of("type", w.get("manage.type")));
                org.infohub.core.watch.WatchEntry e = watchlists.add(actor, own, type, ctx.formParam("value"));
                watchlists.findSeenBefore(e, new org.infohub.core.archive.ArchiveRepository(jdbc));
            }
        } catch (ValidationException | NumberFormatException e) {
            ctx.status(HttpStatus.BAD_REQUEST).html(page(w, w.get("manage.notSaved.title"), "<p>" + esc(e.getMessage())
                    + "</p><p><a href=\"/subscriptions/" + esc(ctx.pathParam("token")) + "\">" + esc(w.get("manage.back"))
                    + "</a></p>"));
            return;
        }
        ctx.redirect("/subscriptions/" + ctx.pathParam("token") + "?saved", HttpStatus.SEE_OTHER);
    }

    private static String page(Messages w, String title, String body) {
        return "<!doctype html><html lang=\"" + w.language().tag() + "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width\"><title>" + esc(w.get("page.suffix", title)) + "</title>"
                + "<link rel=\"icon\" href=\"/public/favicon.svg\" type=\"image/svg+xml\">"
                + "<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:1em auto;padding:0 1em;"
                + "overflow-wrap:anywhere}</style></head><body><main><h1>" + esc(title) + "</h1>" + body + "</main></body></html>";
    }

    private static String esc(String s) {
        return Shell.escape(s);
    }
}
