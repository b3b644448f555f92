package org.infohub.admin.web;

import java.util.Optional;

import org.infohub.core.db.Jdbc;
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
    private volatile UnsubscribeTokens tokens;

    OneClickUnsubscribe(Jdbc jdbc, MembershipAdmin admin) {
        this.jdbc = jdbc;
        this.admin = admin;
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
        ctx.html(html("Unsubscribe", "<p>Stop list mail from <b>" + esc(t.get().list()) + "</b> to <b>"
                + esc(t.get().email()) + "</b>?</p><form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" "
                + "value=\"One-Click\"><button type=\"submit\">Unsubscribe</button></form>"));
    }

    private void unsubscribe(Context ctx) {
        Optional<UnsubscribeTokens.Target> t = target(ctx);
        if (t.isEmpty()) {
            LOG.info("one-click unsubscribe refused: the token is not the hub's");
            refuse(ctx);
            return;
        }
        try {
            admin.setSubscription("one-click unsubscribe", t.get().email(), t.get().list(), DeliveryMode.OFF);
        } catch (ValidationException e) {
            ctx.status(HttpStatus.NOT_FOUND).html(html("Not found", "<p>" + esc(t.get().email()) + " is no longer on "
                    + esc(t.get().list()) + ": nothing to unsubscribe.</p>"));
            return;
        }
        LOG.info("one-click unsubscribe list={} done", t.get().list());
        ctx.html(html("Unsubscribed", "<p><b>" + esc(t.get().email()) + "</b> receives no more mail from <b>"
                + esc(t.get().list()) + "</b>. Your organisation's programme contact can turn it back on.</p>"));
    }

    private static void refuse(Context ctx) {
        ctx.status(HttpStatus.FORBIDDEN).html(html("Link not valid",
                "<p>This unsubscribe link is not one the hub made (it may have been changed or cut short). Nothing was "
                        + "changed. Use the link in the message itself, or write to the list's -request address with "
                        + "the subject <i>unsubscribe</i>.</p>"));
    }

    private static String html(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width\"><title>" + esc(title) + " - Infohub</title>"
                + "<link rel=\"icon\" href=\"/public/favicon.svg\" type=\"image/svg+xml\"></head><body><main><h1>"
                + esc(title) + "</h1>" + body + "</main></body></html>";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
