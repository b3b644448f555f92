package org.infohub.core.tlp;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the TLP label of a post: in the subject first, then in the first lines of the text body.
 * When several labels appear in the same place, the most restrictive one wins, so a mention of
 * {@code TLP:CLEAR} next to {@code TLP:RED} never lowers the label.
 */
public final class TlpClassifier {

    /** How many non-blank body lines are read for a label; labels belong at the top. */
    public static final int BODY_LINES = 5;

    private static final Pattern LABEL = Pattern.compile(
            "(?i)(?<![A-Z0-9])TLP\\s*:\\s*(AMBER\\s*\\+\\s*STRICT|CLEAR|WHITE|GREEN|AMBER|RED)(?![A-Z0-9])");

    private TlpClassifier() {
    }

    /** The label found, or empty when the post carries none. */
    public static Optional<Tlp> classify(String subject, String textBody) {
        Optional<Tlp> fromSubject = strongest(subject == null ? "" : subject);
        if (fromSubject.isPresent()) {
            return fromSubject;
        }
        return strongest(firstLines(textBody == null ? "" : textBody));
    }

    static String firstLines(String body) {
        StringBuilder sb = new StringBuilder();
        int taken = 0;
        for (String line : body.split("\\r?\\n", 200)) {
            if (line.isBlank()) {
                continue;
            }
            sb.append(line).append('\n');
            if (++taken == BODY_LINES) {
                break;
            }
        }
        return sb.toString();
    }

    private static Optional<Tlp> strongest(String text) {
        Matcher m = LABEL.matcher(text);
        Tlp best = null;
        while (m.find()) {
            Tlp t = Tlp.fromLabel(m.group(1).replaceAll("\\s+", "")).orElseThrow();
            if (best == null || t.isMoreRestrictiveThan(best)) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }
}
