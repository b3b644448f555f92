package org.infohub.core.i18n;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages the hub speaks to people in: English and Traditional Chinese as Hong Kong writes
 * it. A representative has one (or follows the programme's); a public page follows the reader's
 * {@code Accept-Language} until they choose with the switch.
 */
public enum Language {
    EN("en", Locale.forLanguageTag("en-HK")),
    ZH_HK("zh-HK", Locale.forLanguageTag("zh-HK"));

    private final String tag;
    private final Locale locale;

    Language(String tag, Locale locale) {
        this.tag = tag;
        this.locale = locale;
    }

    /** The BCP 47 tag, as stored, in URLs ({@code /public/zh-HK/}) and in {@code lang=""}. */
    public String tag() {
        return tag;
    }

    public Locale locale() {
        return locale;
    }

    /**
     * The language a tag or a person's word names: {@code en}, {@code en-GB}, {@code zh-HK},
     * {@code zh-TW}, {@code zh-Hant}, {@code zh}, {@code zh_HK}, {@code 中文}, {@code 繁體中文};
     * any case. Chinese of any region is read as Traditional Chinese, the only Chinese the hub writes.
     */
    public static Optional<Language> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        if (t.equals("en") || t.startsWith("en-") || t.equals("english") || t.equals("英文")) {
            return Optional.of(EN);
        }
        if (t.equals("zh") || t.startsWith("zh-") || t.equals("chinese") || t.equals("中文") || t.equals("繁體中文")
                || t.equals("yue") || t.startsWith("yue-")) {
            return Optional.of(ZH_HK);
        }
        return Optional.empty();
    }

    /**
     * The language an {@code Accept-Language} header prefers among the hub's (RFC 9110: the highest
     * q that names one of ours; the first such on a tie), else {@code fallback}. Reads at most 40
     * ranges of a header of at most 1,000 characters: a long header costs nothing more.
     */
    public static Language fromAcceptLanguage(String header, Language fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        String h = header.length() > 1000 ? header.substring(0, 1000) : header;
        Language best = null;
        double bestQ = 0;
        int ranges = 0;
        for (String range : h.split(",", 41)) {
            if (++ranges > 40) {
                break;
            }
            String[] parts = range.split(";");
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).strip());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            Optional<Language> l = parse(parts[0]);
            if (l.isPresent() && q > bestQ) {
                best = l.get();
                bestQ = q;
            }
        }
        return best == null ? fallback : best;
    }
}
