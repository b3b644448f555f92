package org.infohub.core.tlp;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the TLP label of a post in its subject and the opening of its text body. The most
 * restrictive label found in either wins: {@code Re: TLP:GREEN} over a body that says
 * {@code TLP:RED} is RED, and a mention of {@code TLP:CLEAR} next to {@code TLP:RED} never lowers
 * the label.
 *
 * <p>Labels are read as people type them: any case, {@code TLP:RED}, {@code TLP RED},
 * {@code TLP-RED}, {@code TLP_RED}, {@code [TLP: RED]}, {@code Traffic Light Protocol: RED},
 * {@code TLP:AMBER+STRICT} with or without spaces or with {@code -}, {@code _} or a space instead
 * of the plus, and {@code WHITE} (TLP 1.0) as CLEAR. The text is first put in Unicode NFKC form
 * (full-width letters and colons become ASCII), every kind of space becomes a plain space,
 * invisible format characters (zero-width spaces, soft hyphens) are dropped and dashes become
 * {@code -}, so a label that looks right to a reader is read.
 */
public final class TlpClassifier {

    /** How many non-blank body lines, and how many characters, make the opening of a post. */
    public static final int BODY_LINES = 40;
    public static final int BODY_CHARS = 8000;
    /** A subject longer than this is read up to it; labels belong at the start. */
    private static final int SUBJECT_CHARS = 2000;

    /** On normalised, upper-case text whose whitespace runs are single spaces: no unbounded repetition. */
    private static final Pattern LABEL = Pattern.compile(
            "(?<![A-Z0-9])(?:TLP|TRAFFIC ?LIGHT ?PROTOCOL)(?: ?V?[12](?:\\.0)?)? ?[:=/|.\\-_]? ?[\\[(\"']? ?"
                    + "(AMBER ?[+\\-_&/]? ?STRICT|CLEAR|WHITE|GREEN|AMBER|RED)(?![A-Z0-9])");

    /** A label as written, for removal from text that is to be published (bounded repetition only). */
    private static final Pattern WRITTEN_LABEL = Pattern.compile("(?i)[\\[(]?[ \\t]{0,3}(?<![A-Z0-9])(?:TLP|TRAFFIC LIGHT "
            + "PROTOCOL)[ \\t]{0,3}[:=/\\-_]?[ \\t]{0,3}(?:AMBER[ \\t]{0,3}[+\\-_ ]?[ \\t]{0,3}STRICT|CLEAR|WHITE|GREEN|AMBER|RED)"
            + "(?![A-Z0-9])[ \\t]{0,3}[\\])]?");

    private TlpClassifier() {
    }

    /** {@code text} without the TLP labels written in it (a published item is TLP:CLEAR, whatever it once said). */
    public static String stripLabels(String text) {
        return WRITTEN_LABEL.matcher(text).replaceAll("").replaceAll("[ \\t]{2,}", " ");
    }

    /** The label found, or empty when the post carries none. */
    public static Optional<Tlp> classify(String subject, String textBody) {
        String s = subject == null ? "" : subject;
        return strongest(normalise(s.length() > SUBJECT_CHARS ? s.substring(0, SUBJECT_CHARS) : s)
                + " \n " + normalise(opening(textBody == null ? "" : textBody)));
    }

    /** The first {@link #BODY_LINES} non-blank lines, at most {@link #BODY_CHARS} characters. */
    static String opening(String body) {
        StringBuilder sb = new StringBuilder();
        int taken = 0;
        int start = 0;
        while (start <= body.length() && taken < BODY_LINES && sb.length() < BODY_CHARS) {
            int nl = body.indexOf('\n', start);
            int end = nl < 0 ? body.length() : nl;
            String line = body.substring(start, Math.min(end, start + BODY_CHARS));
            if (!line.isBlank()) {
                sb.append(line).append('\n');
                taken++;
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return sb.length() > BODY_CHARS ? sb.substring(0, BODY_CHARS) : sb.toString();
    }

    /**
     * NFKC, upper case, format characters dropped, dashes as {@code -}, a few look-alike colons as
     * {@code :}, and each run of whitespace as one space.
     */
    static String normalise(String text) {
        String n = Normalizer.normalize(text, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(n.length());
        boolean space = false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            int type = Character.getType(c);
            if (type == Character.FORMAT) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = true;
                continue;
            }
            if (space && out.length() > 0) {
                out.append(' ');
            }
            space = false;
            if (type == Character.DASH_PUNCTUATION) {
                out.append('-');
            } else if (c == '\uA789' || c == '\u2236' || c == '\u02D0' || c == '\uFE13' || c == '\uFE55') {
                out.append(':');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Optional<Tlp> strongest(String text) {
        Matcher m = LABEL.matcher(text);
        Tlp best = null;
        while (m.find()) {
            String word = m.group(1);
            Tlp t = word.startsWith("AMBER") && word.endsWith("STRICT") ? Tlp.AMBER_STRICT
                    : Tlp.fromLabel(word).orElseThrow();
            if (best == null || t.isMoreRestrictiveThan(best)) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }
}
