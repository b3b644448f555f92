package org.infohub.admin.web;

import org.infohub.core.i18n.Language;
import org.infohub.core.i18n.Messages;

import io.javalin.http.Context;

/**
 * The language a page for the public or a member is written in: the one its address names
 * ({@code /public/zh-HK/...}, or {@code ?lang=zh-HK} on the member pages), else the reader's
 * browser ({@code Accept-Language}), else the programme's. A page chosen by the browser says so
 * ({@code Vary: Accept-Language}), so a cache never hands one reader's language to another.
 */
final class PageLanguage {
    private PageLanguage() {
    }

    static Language of(Context ctx, Language programme) {
        String asked = ctx.queryParam("lang");
        if (asked != null) {
            java.util.Optional<Language> l = Language.parse(asked);
            if (l.isPresent()) {
                return l.get();
            }
        }
        return fromBrowser(ctx, programme);
    }

    /** The browser's language ({@code Accept-Language}), else the programme's; the answer says it varies by it. */
    static Language fromBrowser(Context ctx, Language programme) {
        ctx.res().addHeader("Vary", "Accept-Language");
        return Language.fromAcceptLanguage(ctx.header("Accept-Language"), programme);
    }

    /** Marks the answer with its language and gives its words. */
    static Messages words(Context ctx, Language language) {
        ctx.header("Content-Language", language.tag());
        return Messages.of(language);
    }
}
