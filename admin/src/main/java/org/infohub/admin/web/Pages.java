package org.infohub.admin.web;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

/** Renders console pages around the shell, and reads what every route reads: the actor, form values, numbers. */
final class Pages {
    static final String SESSION = "session";

    private final ConsoleServices services;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    Pages(ConsoleServices services) {
        this.services = services;
    }

    TemplateEngine templates() {
        return templates;
    }

    /** Renders {@code template} inside the layout; the success banner comes from the session, never from a link. */
    void render(Context ctx, String template, String title, String section, Map<String, Object> params) {
        Sessions.Session s = ctx.attribute(SESSION);
        Map<String, Object> all = new HashMap<>(params);
        String flash = "";
        if (s != null && s.flash != null) {
            flash = s.flash;
            s.flash = null;
        }
        org.infohub.core.i18n.Messages t = words(ctx);
        // A title may be a key of the bundles ("console.title.dashboard"), or words already (a post's subject).
        String shown = title.startsWith("console.") && t.has(title) ? t.get(title) : title;
        all.put("shell", shell(shown, section, s, flash, t));
        html(ctx, template, all);
    }

    /**
     * The console's language for this request: the administrator's choice (the switch in the
     * header, kept in a cookie), else their browser's {@code Accept-Language}, else the programme's.
     */
    org.infohub.core.i18n.Messages words(Context ctx) {
        return words(ctx, services);
    }

    /** A text of the bundles in the console's language for this request (a banner after a change). */
    static String say(Context ctx, ConsoleServices services, String key, Object... args) {
        return words(ctx, services).get(key, args);
    }

    static org.infohub.core.i18n.Messages words(Context ctx, ConsoleServices services) {
        org.infohub.core.i18n.Language programme = services.settings().language();
        String chosen = ctx.cookie(LANGUAGE_COOKIE);
        org.infohub.core.i18n.Language l = chosen == null ? null : org.infohub.core.i18n.Language.parse(chosen).orElse(null);
        if (l == null) {
            ctx.header("Vary", "Cookie");
            l = PageLanguage.fromBrowser(ctx, programme);
        }
        return PageLanguage.words(ctx, l);
    }

    /** The cookie the console's language switch sets. */
    static final String LANGUAGE_COOKIE = "infohub_lang";

    Shell shell(String title, String section, Sessions.Session s, String flash) {
        return shell(title, section, s, flash, org.infohub.core.i18n.Messages.of(services.settings().language()));
    }

    Shell shell(String title, String section, Sessions.Session s, String flash, org.infohub.core.i18n.Messages t) {
        ConsoleServices.Settings settings = services.settings();
        return new Shell(title, section, s == null ? "" : s.user, s == null ? "" : s.csrf, ServerStatus.of(services.dataDir, t),
                flash, s == null || !s.signedIn() ? 0 : services.outcomes.waiting(), settings.programme(), settings.zone(), t);
    }

    /** A page without the console's layout (the sign-in page). */
    void html(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        ctx.html(out.toString());
    }

    /** Redirects to {@code path} with {@code message} in the next page's success banner (kept in the session). */
    static void done(Context ctx, String path, String message) {
        Sessions.Session s = ctx.attribute(SESSION);
        if (s != null) {
            s.flash = message;
        }
        ctx.redirect(path);
    }

    /** Who does this, for the audit log: the signed-in administrator, or the API token's owner. */
    static String actor(Context ctx) {
        Sessions.Session s = ctx.attribute(SESSION);
        return s != null ? "console:" + s.user : ctx.attribute(Api.ACTOR);
    }

    static Map<String, String> formValues(Context ctx, String... fields) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : fields) {
            values.put(f, Optional.ofNullable(ctx.formParam(f)).orElse(""));
        }
        return values;
    }

    static String query(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).orElse("").strip();
    }

    /** A number in the path; anything else is a page that does not exist. */
    static long idParam(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("Not found.");
        }
    }

    static int intQuery(Context ctx, String name, int fallback) {
        try {
            return Math.max(1, Integer.parseInt(query(ctx, name)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    /** Sends {@code rows} as a CSV file named {@code name}. */
    static void csv(Context ctx, String name, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(csvField(row.get(i)));
            }
            sb.append("\r\n");
        }
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.result(sb.toString());
    }

    /** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
    static String csvField(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
