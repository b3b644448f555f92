package org.infohub.core.tlp;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a post's TLP label wherever its author may have put it: the subject, the opening of the
 * text body, label headers ({@code X-TLP}, {@code Sensitivity}, Microsoft's {@code msip_labels},
 * ...) and the names of its attachments. The most restrictive label found anywhere wins:
 * {@code Re: TLP:GREEN} over a body that says {@code TLP:RED} is RED.
 *
 * <p>Labels are read as people and their mail programs write them. Before reading, the text is
 * normalised one code point at a time: Unicode NFKC (full-width and mathematical letters, full-width
 * colons), accents dropped, letters of other scripts that look like Latin ones folded to them (the
 * Cyrillic {@code Е} of {@code TLP:RЕD}, Greek, Cherokee, small capitals), every kind of space as one
 * space, invisible format characters dropped, dashes as {@code -}, typographic quotes and guillemets as
 * {@code "}. After {@code TLP} (or {@code Traffic Light Protocol}) come, in any order and number,
 * separators ({@code : = - _ / | . * # " [ ( <}), doubled ones too, and filler words ({@code Level},
 * {@code Label}, {@code Classification}, {@code v2}, {@code 2.0}, ...), then the colour:
 * {@code TLP: “RED”}, {@code TLP: **RED**}, {@code TLP Level: RED}, {@code TLP:2.0:RED},
 * {@code TLP::RED}, {@code TLP:«RED»}. {@code WHITE} (TLP 1.0) reads as CLEAR; {@code AMBER+STRICT}
 * with any joiner.
 *
 * <p>What looks like a label but cannot be read with certainty ({@code TLP: ORANGE},
 * {@code TLP:REDD}, {@code TLP RD}, {@code X-TLP: high}, {@code TLP:} with nothing after it) is a
 * <em>doubt</em>: the caller holds the post and asks its sender rather than fall back on the
 * default. The scan is linear in its input: each place is read at most once, with bounded look-ahead.
 */
public final class TlpClassifier {

    /** How many non-blank body lines, and how many characters, make the opening of a post. */
    public static final int BODY_LINES = 40;
    public static final int BODY_CHARS = 8000;
    /** A subject longer than this is read up to it; labels belong at the start. */
    private static final int SUBJECT_CHARS = 2000;
    /** At most this much of one header value or attachment name is read. */
    private static final int FIELD_CHARS = 2000;
    /** How far after {@code TLP} separators and filler words may reach before the colour. */
    private static final int LOOK_AHEAD = 48;
    private static final int LONGEST_WORD = 40;

    /** Where a label was found. */
    public enum Place {
        SUBJECT("the subject"), BODY("the first lines of the text"), HEADER("the header"), ATTACHMENT("the attachment name");

        private final String words;

        Place(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** A label read with certainty, where, and as written. */
    public record Found(Tlp tlp, Place place, String written) {
    }

    /** Something that looks like a label but cannot be read with certainty, where, and as written. */
    public record Doubt(Place place, String written) {
        /** In words for a notice: {@code "TLP: ORANGE" in the subject}. */
        public String describe() {
            return "\"" + written + "\" in " + place.words();
        }
    }

    /** What was read: the most restrictive label found (if any), every finding and every doubt. */
    public record Reading(Optional<Tlp> label, List<Found> found, List<Doubt> doubts) {
        public boolean uncertain() {
            return !doubts.isEmpty();
        }
    }

    /** A header of the post, by name and (RFC 2047-decoded) value. */
    public record Header(String name, String value) {
    }

    /** Headers whose value is a TLP label, with or without the {@code TLP} prefix. */
    private static final Set<String> TLP_HEADERS = Set.of("x-tlp", "tlp", "x-tlp-label", "x-tlp-level",
            "x-traffic-light-protocol", "x-tlp-classification");
    /** Headers that may carry a TLP label among other words: read when {@code TLP} is written in them. */
    private static final Set<String> MARKING_HEADERS = Set.of("x-classification", "classification",
            "x-information-classification", "x-sensitivity", "x-data-classification", "msip_labels", "x-label",
            "keywords");
    /**
     * Filler words allowed between {@code TLP} and the colour. {@code IS} is not one: "the TLP is clear
     * about that" must not lower a post to CLEAR.
     */
    private static final Set<String> FILLER = Set.of("LEVEL", "LABEL", "LABELLED", "LABELED", "CLASSIFICATION",
            "CLASSIFIED", "MARKING", "MARKED", "COLOR", "COLOUR", "CODE", "RATING", "V", "V1", "V2", "V1.0", "V2.0", "1", "2",
            "1.0", "2.0", "VERSION");
    private static final List<String> COLOURS = List.of("CLEAR", "WHITE", "GREEN", "AMBER", "RED", "STRICT");

    private TlpClassifier() {
    }

    /** The label found in the subject and opening of the body, or empty when there is none. */
    public static Optional<Tlp> classify(String subject, String textBody) {
        return read(subject, textBody, List.of(), List.of()).label();
    }

    /** Reads every place a label may be, collecting labels and doubts. */
    public static Reading read(String subject, String textBody, List<Header> headers, List<String> attachmentNames) {
        List<Found> found = new ArrayList<>();
        List<Doubt> doubts = new ArrayList<>();
        String s = subject == null ? "" : subject;
        scan(cut(s, SUBJECT_CHARS), Place.SUBJECT, found, doubts);
        scan(opening(textBody == null ? "" : textBody), Place.BODY, found, doubts);
        for (Header h : headers) {
            header(h, found, doubts);
        }
        for (String name : attachmentNames) {
            if (name != null) {
                scan(cut(name, FIELD_CHARS), Place.ATTACHMENT, found, doubts);
            }
        }
        Tlp best = null;
        for (Found f : found) {
            if (best == null || f.tlp().isMoreRestrictiveThan(best)) {
                best = f.tlp();
            }
        }
        return new Reading(Optional.ofNullable(best), List.copyOf(found), List.copyOf(doubts));
    }

    /** Whether {@code name} is a header the reader looks at for a label. */
    public static boolean isLabelHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return TLP_HEADERS.contains(n) || MARKING_HEADERS.contains(n) || n.equals("sensitivity");
    }

    /** {@code text} without the TLP labels written in it (a published item is TLP:CLEAR, whatever it once said). */
    public static String stripLabels(String text) {
        Normalised n = Normalised.of(text);
        List<int[]> spans = new ArrayList<>();
        for (Match m : matches(n.text)) {
            if (m.tlp != null) {
                int from = n.from(m.start);
                int to = n.to(m.end - 1);
                // the brackets or quotes around a label go with it
                while (from > 0 && "[(<{\"'*«“‘".indexOf(text.charAt(from - 1)) >= 0) {
                    from--;
                }
                while (to < text.length() && "])>}\"'*»”’".indexOf(text.charAt(to)) >= 0) {
                    to++;
                }
                spans.add(new int[] {from, to});
            }
        }
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int[] span : spans) {
            if (span[0] < at) {
                continue;
            }
            out.append(text, at, span[0]);
            at = span[1];
        }
        out.append(text.substring(at));
        return out.toString().replaceAll("[ \\t]{2,}", " ");
    }

    private static void header(Header h, List<Found> found, List<Doubt> doubts) {
        String name = h.name().toLowerCase(Locale.ROOT);
        String value = cut(h.value() == null ? "" : h.value(), FIELD_CHARS);
        String written = h.name() + ": " + cut(value.strip(), 60);
        if (name.equals("sensitivity")) {
            // RFC 2156 / Outlook: Personal, Private, Company-Confidential (Normal means none).
            String v = Normalised.of(value).text.replaceAll("[^A-Z]", "");
            switch (v) {
                case "", "NORMAL" -> { }
                case "PERSONAL", "PRIVATE" -> found.add(new Found(Tlp.RED, Place.HEADER, written));
                case "COMPANYCONFIDENTIAL", "CONFIDENTIAL" -> found.add(new Found(Tlp.AMBER_STRICT, Place.HEADER, written));
                default -> doubts.add(new Doubt(Place.HEADER, written));
            }
            return;
        }
        if (TLP_HEADERS.contains(name)) {
            String n = Normalised.of(value).text;
            int before = found.size() + doubts.size();
            scan(value, Place.HEADER, found, doubts);
            if (found.size() + doubts.size() == before) {
                // the value is the label itself: "RED", "amber+strict", "“Red”"
                Match m = colourAt("TLP:" + n, 0, 3);
                if (m != null && m.tlp != null) {
                    found.add(new Found(m.tlp, Place.HEADER, written));
                } else if (!n.isBlank()) {
                    doubts.add(new Doubt(Place.HEADER, written));
                }
            }
            return;
        }
        if (MARKING_HEADERS.contains(name)) {
            scan(value, Place.HEADER, found, doubts);
        }
    }

    private static void scan(String original, Place place, List<Found> found, List<Doubt> doubts) {
        Normalised n = Normalised.of(original);
        for (Match m : matches(n.text)) {
            String written = cut(original.substring(n.from(m.start), n.to(m.end - 1)).strip(), 60);
            if (m.tlp != null) {
                found.add(new Found(m.tlp, place, written));
            } else {
                doubts.add(new Doubt(place, written));
            }
        }
    }

    /** One place that names TLP: a label ({@code tlp} set) or a doubt, over {@code [start, end)} of the normalised text. */
    private record Match(int start, int end, Tlp tlp) {
    }

    /** Every {@code TLP} keyword in normalised text, with what follows it read. Linear: keywords never overlap. */
    private static List<Match> matches(String n) {
        List<Match> out = new ArrayList<>();
        int i = 0;
        while (i < n.length()) {
            int end = keyword(n, i);
            if (end < 0) {
                i++;
                continue;
            }
            Match m = colourAt(n, i, end);
            if (m != null) {
                out.add(m);
                i = Math.max(m.end, end);
            } else {
                i = end;
            }
        }
        return out;
    }

    /** The end of a {@code TLP} / {@code TRAFFIC LIGHT PROTOCOL} keyword starting at {@code i}, or -1. */
    private static int keyword(String n, int i) {
        if (i > 0 && Character.isLetterOrDigit(n.charAt(i - 1))) {
            return -1;
        }
        if (n.startsWith("TLP", i)) {
            return i + 3;
        }
        if (n.startsWith("TRAFFIC", i)) {
            int j = joiner(n, i + 7);
            if (n.startsWith("LIGHT", j)) {
                j = joiner(n, j + 5);
                if (n.startsWith("PROTOCOL", j)) {
                    return j + 8;
                }
            }
        }
        return -1;
    }

    private static int joiner(String n, int j) {
        return j < n.length() && (n.charAt(j) == ' ' || n.charAt(j) == '-' || n.charAt(j) == '_') ? j + 1 : j;
    }

    /**
     * Reads what follows a keyword ending at {@code end}: separators and filler words, then a word.
     * A colour gives a label; another word after a {@code :}/{@code =}/quote, or a word one letter
     * from a colour, gives a doubt; anything else (prose that merely mentions TLP) gives null.
     */
    private static Match colourAt(String n, int start, int end) {
        int j = end;
        boolean strongSeparator = false;
        int limit = Math.min(n.length(), end + LOOK_AHEAD);
        while (j < limit) {
            char c = n.charAt(j);
            if (c == ' ' || "-_/|.*#~`,;!>»›".indexOf(c) >= 0) {
                j++;
                continue;
            }
            if (":=\"'[(<{«‹".indexOf(c) >= 0) {
                strongSeparator = true;
                j++;
                continue;
            }
            if (!Character.isLetterOrDigit(c)) {
                break;
            }
            int w = wordEnd(n, j);
            String word = n.substring(j, Math.min(w, j + LONGEST_WORD));
            if (FILLER.contains(word)) {
                j = w;
                continue;
            }
            if (w - j > LONGEST_WORD) {
                return strongSeparator ? new Match(start, j + LONGEST_WORD, null) : null;
            }
            Tlp tlp = colour(word);
            if (tlp == Tlp.AMBER) {
                int k = w;
                int max = Math.min(n.length(), w + 4);
                while (k < max && " +-_&/\"'*".indexOf(n.charAt(k)) >= 0) {
                    k++;
                }
                if (n.startsWith("STRICT", k) && (k + 6 == n.length() || !Character.isLetterOrDigit(n.charAt(k + 6)))) {
                    return new Match(start, k + 6, Tlp.AMBER_STRICT);
                }
            }
            if (tlp != null) {
                return new Match(start, w, tlp);
            }
            if (word.equals("AMBERSTRICT")) {
                return new Match(start, w, Tlp.AMBER_STRICT);
            }
            return strongSeparator || nearColour(word) ? new Match(start, w, null) : null;
        }
        // "TLP:" with nothing readable after it
        return strongSeparator ? new Match(start, Math.max(j, end), null) : null;
    }

    private static Tlp colour(String word) {
        return switch (word) {
            case "CLEAR", "WHITE" -> Tlp.CLEAR;
            case "GREEN" -> Tlp.GREEN;
            case "AMBER" -> Tlp.AMBER;
            case "RED" -> Tlp.RED;
            default -> null;
        };
    }

    /** A word that starts with a colour, or is one letter away from one ({@code REDD}, {@code AMBR}, {@code RD}). */
    private static boolean nearColour(String word) {
        for (String c : COLOURS) {
            if (word.startsWith(c) || withinOneEdit(word, c)) {
                return true;
            }
        }
        return false;
    }

    static boolean withinOneEdit(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int i = 0;
        int j = 0;
        int edits = 0;
        while (i < a.length() && j < b.length()) {
            if (a.charAt(i) == b.charAt(j)) {
                i++;
                j++;
                continue;
            }
            if (++edits > 1) {
                return false;
            }
            if (a.length() > b.length()) {
                i++;
            } else if (a.length() < b.length()) {
                j++;
            } else {
                i++;
                j++;
            }
        }
        return edits + (a.length() - i) + (b.length() - j) <= 1;
    }

    /** The end of the word at {@code j}: letters and digits, and a dot between digits ({@code 2.0}). */
    private static int wordEnd(String n, int j) {
        int w = j;
        while (w < n.length()) {
            char c = n.charAt(w);
            if (Character.isLetterOrDigit(c)) {
                w++;
            } else if (c == '.' && w > j && Character.isDigit(n.charAt(w - 1)) && w + 1 < n.length()
                    && Character.isDigit(n.charAt(w + 1))) {
                w++;
            } else {
                break;
            }
        }
        return w;
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

    /** Normalised, upper-case text, for tests: what the reader sees. */
    static String normalise(String text) {
        return Normalised.of(text).text;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /**
     * Text as the reader sees it, with the position in the original of every character, so a label
     * can be reported and removed as it was written.
     */
    private static final class Normalised {
        final String text;
        private final int[] from;
        private final int[] to;

        private Normalised(String text, int[] from, int[] to) {
            this.text = text;
            this.from = from;
            this.to = to;
        }

        int from(int i) {
            return from[Math.min(i, from.length - 1)];
        }

        int to(int i) {
            return to[Math.max(0, Math.min(i, to.length - 1))];
        }

        static Normalised of(String original) {
            StringBuilder out = new StringBuilder(original.length());
            int[] from = new int[original.length() * 2 + 4];
            int[] to = new int[original.length() * 2 + 4];
            boolean space = false;
            int i = 0;
            while (i < original.length()) {
                int cp = original.codePointAt(i);
                int next = i + Character.charCount(cp);
                String piece = piece(cp);
                for (int k = 0; k < piece.length(); k++) {
                    char c = piece.charAt(k);
                    if (c == ' ') {
                        space = true;
                        continue;
                    }
                    if (space && out.length() > 0) {
                        append(out, ' ', i, i, from, to);
                        from = grow(from, out.length());
                        to = grow(to, out.length());
                    }
                    space = false;
                    from = grow(from, out.length() + 1);
                    to = grow(to, out.length() + 1);
                    append(out, c, i, next, from, to);
                }
                i = next;
            }
            return new Normalised(out.toString(), from, to);
        }

        private static int[] grow(int[] a, int need) {
            return need < a.length ? a : java.util.Arrays.copyOf(a, Math.max(need + 1, a.length * 2));
        }

        private static void append(StringBuilder out, char c, int start, int end, int[] from, int[] to) {
            from[out.length()] = start;
            to[out.length()] = end;
            out.append(c);
        }

        /** One code point as the reader sees it: upper-case Latin where it looks Latin; {@code " "} for any space. */
        private static String piece(int cp) {
            int type = Character.getType(cp);
            if (type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK || type == Character.CONTROL && cp != '\n' && cp != '\t') {
                return "";
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                return " ";
            }
            if (cp < 0x80) {
                return String.valueOf(Character.toUpperCase((char) cp));
            }
            String s = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
            s = Normalizer.normalize(s, Normalizer.Form.NFD);
            StringBuilder b = new StringBuilder(s.length());
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                int t = Character.getType(c);
                if (t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK || t == Character.FORMAT) {
                    continue;
                }
                if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    b.append(' ');
                    continue;
                }
                char f = Confusables.fold(c);
                if (Character.getType(f) == Character.DASH_PUNCTUATION) {
                    f = '-';
                } else if (Confusables.isQuote(f)) {
                    f = '"';
                } else if (Confusables.isColon(f)) {
                    f = ':';
                }
                b.append(Character.toUpperCase(f));
            }
            return b.toString().toUpperCase(Locale.ROOT);
        }
    }
}
