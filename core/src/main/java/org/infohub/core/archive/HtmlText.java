package org.infohub.core.archive;

import java.util.regex.Pattern;

/** Plain text out of an HTML body, good enough for archive text and search; not a renderer. */
final class HtmlText {
    private static final Pattern SCRIPT_STYLE = Pattern.compile("(?is)<(script|style|head)\\b.*?</\\1\\s*>");
    private static final Pattern BREAKS = Pattern.compile("(?i)<\\s*(br|/p|/div|/li|/tr|/h[1-6])\\b[^>]*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n[ \\t]*\\n([ \\t]*\\n)+");

    private HtmlText() {
    }

    static String toText(String html) {
        String t = SCRIPT_STYLE.matcher(html).replaceAll(" ");
        t = BREAKS.matcher(t).replaceAll("\n");
        t = TAGS.matcher(t).replaceAll(" ");
        t = t.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        t = t.replaceAll("[ \\t]+", " ");
        return BLANK_LINES.matcher(t).replaceAll("\n\n").strip();
    }
}
