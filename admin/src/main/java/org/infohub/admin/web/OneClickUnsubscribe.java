package org.infohub.admin.web;

import java.util.Optional;

import org.infohub.core.db.Jdbc;
import org.infohub.core.i18n.Language;
import org.infohub.core.i18n.Messages;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.ValidationException;
import org.infohub.core.trust.HubSecrets;
import org.infohub.core.trust.UnsubscribeTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * RFC 8058 one-click unsubscribe, the target of the HTTPS link in every list copy's
 * {@code List-Unsubscribe}. A POST (the mail client's {@code List-Unsubscribe=One-Click}, or the
 * button of the GET page) turns the member's delivery on that list off at once: no sign-in, no
 * confirmation page, recorded in the audit log. The token is the hub's HMAC over list and address
 * (key shared with the mail server through MariaDB): a changed or made-up token is refused with 403
 * and changes nothing. A GET never changes anything (link scanners follow links).
 */
final class OneClickUnsubscribe {
    private static final Logger LOG = LoggerFactory.getLogger(OneClickUnsubscribe.class);

    private final Jdbc jdbc;
    private final MembershipAdmin admin;
    private final Language programme;
    private volatile UnsubscribeTokens tokens;

    OneClickUnsubscribe(Jdbc jdbc, MembershipAdmin admin, Language programme) {
        this.jdbc = jdbc;
        this.admin = admin;
        this.programme = programme;
    }

    /** The member's own language when the link names a representative, else the reader's browser's. */
    private Messages words(Context ctx, Optional<UnsubscribeTokens.Target> t) {
        Language browser = PageLanguage.of(ctx, programme);
        Language language = t.flatMap(target -> admin.members().findRepresentative(target.email()))
                .map(r -> r.languageOr(browser)).orElse(browser);
        return PageLanguage.words(ctx, language);
    }

    void add(Javalin app) {
        app.get("/unsubscribe/{token}", this::page);
        app.post("/unsubscribe/{token}", this::unsubscribe);
    }

    private Optional<UnsubscribeTokens.Target> target(Context ctx) {
        if (tokens == null) {
            tokens = new UnsubscribeTokens(new HubSecrets(jdbc).get(UnsubscribeTokens.SECRET_NAME));
        }
        return tokens.verify(ctx.pathParam("token"));
    }

    private void page(Context ctx) {
        Optional<UnsubscribeTokens.Target> t = target(ctx);
        if (t.isEmpty()) {
            refuse(ctx);
            return;
        }
        Messages w = words(ctx, t);
        ctx.html(html(w, w.get("oneclick.title"), "<p>" + w.get("oneclick.ask", esc(t.get().list()), esc(t.get().email()))
                + "</p><form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" "
                + "value=\"One-Click\"><button type=\"submit\">" + esc(w.get("oneclick.button")) + "</button></form>"));
    }

    private void unsubscribe(Context ctx) {
        Optional<UnsubscribeTokens.Target> t = target(ctx);
        if (t.isEmpty()) {
            LOG.info("one-click unsubscribe refused: the token is not the hub's");
            refuse(ctx);
            return;
        }
        Messages w = words(ctx, t);
        try {
            admin.setSubscription("one-click unsubscribe", t.get().email(), t.get().list(), DeliveryMode.OFF);
        } catch (ValidationException e) {
            ctx.status(HttpStatus.NOT_FOUND).html(html(w, w.get("oneclick.notFound.title"), "<p>"
                    + esc(w.get("oneclick.notFound", t.get().email(), t.get().list())) + "</p>"));
            return;
        }
        LOG.info("one-click unsubscribe list={} done", t.get().list());
        ctx.html(html(w, w.get("oneclick.done.title"), "<p>" + w.get("oneclick.done", esc(t.get().email()), esc(t.get().list()))
                + "</p>"));
    }

    private void refuse(Context ctx) {
        Messages w = words(ctx, Optional.empty());
        ctx.status(HttpStatus.FORBIDDEN).html(html(w, w.get("oneclick.invalid.title"), "<p>" + w.get("oneclick.invalid") + "</p>"));
    }

    private static String html(Messages w, String title, String body) {
        return "<!doctype html><html lang=\"" + w.language().tag() + "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width\"><title>" + esc(w.get("page.suffix", title)) + "</title>"
                + "<link rel=\"icon\" href=\"/public/favicon.svg\" type=\"image/svg+xml\"></head><body><main><h1>"
                + esc(title) + "</h1>" + body + "</main></body></html>";
    }

    private static String esc(String s) {
        return Shell.escape(s);
    }
}
