package org.infohub.admin.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.infohub.admin.auth.AdminUsers;
import org.infohub.core.trust.Throttle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;

/**
 * The console's one security filter and its sign-in pages: every {@code /console} page needs a
 * signed-in session (GETs without one go to the sign-in page), every form POST the session's CSRF
 * token, every {@code /api} call a bearer token. Wrong passwords are throttled per client address
 * on top of the per-account lock-out.
 */
final class SignIn implements ConsoleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);

    private final ConsoleServices services;
    private final Pages pages;
    private final Sessions sessions;
    /** Wrong passwords per client address: past 20 in 15 minutes the address waits, whatever the account. */
    private final Throttle throttle = new Throttle(20, Duration.ofMinutes(15), 10_000, java.time.Clock.systemUTC());

    SignIn(ConsoleServices services, Pages pages) {
        this.services = services;
        this.pages = pages;
        this.sessions = new Sessions(services.clock);
    }

    /** The headers every page of both listeners carries. */
    static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }

    @Override
    public void add(Javalin app) {
        app.before(SignIn::securityHeaders);
        app.before("/console", this::requireSession);
        app.before("/console/*", this::requireSession);
        app.before("/api/*", this::requireToken);
        app.get("/", ctx -> ctx.redirect("/console"));
        app.get("/login", this::loginPage);
        app.post("/login", this::login);
        app.post("/logout", this::logout);
        // The language switch: a preference, kept in a cookie; it changes no data, so a link may set it.
        app.get("/console-language/{tag}", ctx -> {
            org.infohub.core.i18n.Language l = org.infohub.core.i18n.Language.parse(ctx.pathParam("tag"))
                    .orElse(services.settings().language());
            ctx.header("Set-Cookie", Pages.LANGUAGE_COOKIE + "=" + l.tag() + "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"
                    + (services.settings().secureCookies() ? "; Secure" : ""));
            String back = ctx.queryParam("back");
            // Only a path of the console itself: the switch is no open redirect.
            ctx.redirect(back != null && back.matches("/(console|login)[A-Za-z0-9/_.?=&%+-]{0,500}") && !back.contains("//")
                    ? back : "/console");
        });
    }

    private Optional<Sessions.Session> session(Context ctx) {
        return sessions.find(ctx.cookie(Sessions.COOKIE));
    }

    private void setCookie(Context ctx, Sessions.Session s) {
        Cookie cookie = new Cookie(Sessions.COOKIE, s.id);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        // Behind a TLS proxy the console sees http: console.https=true says the browser uses https.
        cookie.setSecure(services.settings().secureCookies() || "https".equals(ctx.scheme()));
        ctx.cookie(cookie);
    }

    private void requireSession(Context ctx) {
        Optional<Sessions.Session> s = session(ctx).filter(Sessions.Session::signedIn);
        if (s.isEmpty()) {
            if (ctx.method().name().equals("GET")) {
                ctx.redirect("/login");
                ctx.skipRemainingHandlers();
                return;
            }
            throw new ForbiddenResponse("Sign in first.");
        }
        ctx.attribute(Pages.SESSION, s.get());
        if (!ctx.method().name().equals("GET")) {
            checkCsrf(ctx, s.get());
        }
    }

    private static void checkCsrf(Context ctx, Sessions.Session s) {
        String token = ctx.formParam("_csrf");
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                s.csrf.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("The form's security token is missing or out of date: reload the page and try again.");
        }
    }

    private void requireToken(Context ctx) {
        String header = ctx.header("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
        Optional<AdminUsers.AdminUser> user = services.users.byToken(token);
        if (user.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", "a valid API token is required (Authorization: Bearer ...)"));
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(Api.ACTOR, "api:" + user.get().name());
    }

    private void loginPage(Context ctx) {
        Sessions.Session s = session(ctx).orElseGet(sessions::create);
        if (s.signedIn()) {
            ctx.redirect("/console");
            return;
        }
        setCookie(ctx, s);
        loginForm(ctx, s, "", "");
    }

    private void loginForm(Context ctx, Sessions.Session s, String name, String problem) {
        org.infohub.core.i18n.Messages t = pages.words(ctx);
        pages.html(ctx, "login.jte", Map.of("csrf", s.csrf, "name", name, "problem", problem,
                "server", ServerStatus.of(services.dataDir, t), "programme", services.settings().programme(), "t", t));
    }

    private void login(Context ctx) {
        Optional<Sessions.Session> s = session(ctx);
        if (s.isEmpty()) {
            throw new ForbiddenResponse("Your sign-in page is out of date: reload it and try again.");
        }
        checkCsrf(ctx, s.get());
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("");
        Duration wait = throttle.wait(ctx.ip());
        if (!wait.isZero()) {
            LOG.info("console sign-in throttled for client {}", ctx.ip());
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            ctx.header("Retry-After", Long.toString(wait.toSeconds() + 1));
            loginForm(ctx, s.get(), name, "Too many wrong passwords from your address; try again in "
                    + (wait.toMinutes() + 1) + " minutes.");
            return;
        }
        AdminUsers.SignIn result = services.users.signIn(name, ctx.formParam("password"));
        if (!result.ok()) {
            throttle.failed(ctx.ip());
            LOG.info("console sign-in refused for '{}'", name.replaceAll("[^A-Za-z0-9._@-]", "?"));
            ctx.status(HttpStatus.UNAUTHORIZED);
            loginForm(ctx, s.get(), name, result.problem());
            return;
        }
        throttle.succeeded(ctx.ip());
        Sessions.Session signedIn = sessions.signIn(s.get(), result.user().get().name());
        setCookie(ctx, signedIn);
        LOG.info("console sign-in: {}", signedIn.user);
        ctx.redirect("/console");
    }

    private void logout(Context ctx) {
        Optional<Sessions.Session> s = session(ctx);
        if (s.isPresent()) {
            checkCsrf(ctx, s.get());
            sessions.end(s.get());
        }
        ctx.removeCookie(Sessions.COOKIE, "/");
        ctx.redirect("/login");
    }
}
