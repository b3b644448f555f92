package org.infohub.core.indicator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Domain names and e-mail addresses in text, found by a scanner that looks at each character a
 * bounded number of times. A regular expression with a repeated group ({@code (label\.)+}) walks
 * the stack once per label, so a post holding a long run of {@code a.a.a.} overflowed it; here a
 * run of name characters is cut into labels and checked by hand, in time linear in its length.
 */
final class Hostnames {
    /** RFC 1035: a name of at most 253 characters, labels of at most 63. */
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;
    private static final int MAX_LOCAL = 64;

    record Domain(String name, String tld) {
    }

    record Email(String address, String domain) {
    }

    private Hostnames() {
    }

    private static boolean nameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
    }

    private static boolean localChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-');
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * Stand-alone domain names: a run of letters, digits, dots and hyphens that is not part of a
     * word, an address or a longer token, made of valid labels and ending in an alphabetic label
     * of 2 to 24 letters (one trailing dot allowed).
     */
    static List<Domain> domains(String text) {
        List<Domain> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!nameChar(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && nameChar(text.charAt(i))) {
                i++;
            }
            int end = i;
            char before = start > 0 ? text.charAt(start - 1) : ' ';
            char after = end < n ? text.charAt(end) : ' ';
            if (before == '@' || before == '_' || after == '_' || after == '@') {
                continue;
            }
            int stop = end;
            if (stop > start && text.charAt(stop - 1) == '.') {
                stop--;
            }
            validName(text, start, stop).ifPresent(out::add);
        }
        return out;
    }

    /** A name made of the whole of {@code text[start, end)}, or empty. */
    private static java.util.Optional<Domain> validName(String text, int start, int end) {
        if (end - start > MAX_NAME || end - start < 4) {
            return java.util.Optional.empty();
        }
        int labels = 0;
        int labelStart = start;
        int tldStart = start;
        for (int j = start; j <= end; j++) {
            if (j == end || text.charAt(j) == '.') {
                if (!validLabel(text, labelStart, j)) {
                    return java.util.Optional.empty();
                }
                labels++;
                tldStart = labelStart;
                labelStart = j + 1;
            }
        }
        // The last label is the one the loop saw last: never search the text outside the run
        // (a search back over the whole text for every dot-less word made the scan quadratic).
        if (labels < 2 || !alphabetic(text, tldStart, end) || end - tldStart < 2 || end - tldStart > 24) {
            return java.util.Optional.empty();
        }
        String name = text.substring(start, end).toLowerCase(Locale.ROOT);
        return java.util.Optional.of(new Domain(name, name.substring(tldStart - start)));
    }

    private static boolean validLabel(String text, int start, int end) {
        if (end <= start || end - start > MAX_LABEL) {
            return false;
        }
        return text.charAt(start) != '-' && text.charAt(end - 1) != '-';
    }

    private static boolean alphabetic(String text, int start, int end) {
        for (int j = start; j < end; j++) {
            char c = text.charAt(j);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /**
     * E-mail addresses: up to 64 local-part characters before an {@code @} (starting at a word
     * boundary), then the longest run of valid labels after it that ends in an alphabetic TLD.
     */
    static List<Email> emails(String text) {
        List<Email> out = new ArrayList<>();
        int n = text.length();
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int ls = at;
            while (ls > 0 && at - ls < MAX_LOCAL && localChar(text.charAt(ls - 1))) {
                ls--;
            }
            // The local part starts at a word boundary: skip leading punctuation of the run.
            while (ls < at && !wordChar(text.charAt(ls))) {
                ls++;
            }
            if (ls == at || ls > 0 && wordChar(text.charAt(ls - 1)) && wordChar(text.charAt(ls))) {
                continue;
            }
            int de = at + 1;
            while (de < n && de - at <= MAX_NAME && nameChar(text.charAt(de))) {
                de++;
            }
            int end = longestName(text, at + 1, de);
            if (end < 0 || end < n && wordChar(text.charAt(end))) {
                continue;
            }
            String domain = text.substring(at + 1, end).toLowerCase(Locale.ROOT);
            out.add(new Email(text.substring(ls, at).toLowerCase(Locale.ROOT) + "@" + domain, domain));
        }
        return out;
    }

    /**
     * The end of the longest prefix of {@code text[start, end)} made of valid labels whose last
     * label is alphabetic (2 to 24 letters), with at least two labels; -1 when there is none.
     */
    private static int longestName(String text, int start, int end) {
        int best = -1;
        int labels = 0;
        int labelStart = start;
        for (int j = start; j <= end; j++) {
            if (j == end || text.charAt(j) == '.') {
                if (!validLabel(text, labelStart, j)) {
                    break;
                }
                labels++;
                if (labels >= 2 && j - labelStart >= 2 && j - labelStart <= 24 && alphabetic(text, labelStart, j)) {
                    best = j;
                }
                labelStart = j + 1;
            }
        }
        return best;
    }
}
