package org.infohub.core.release;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.infohub.core.indicator.IndicatorClassifier;

/**
 * Finds what must not reach the Public Zone in a post's text and replaces it with
 * {@link Releases#REDACTED}: e-mail addresses, the names of member organisations and
 * representatives (and the ways people write them: squashed, hyphenated, abbreviated), members'
 * domains with every host under them, internal addresses (RFC 1918, loopback, link-local, IPv6
 * unique-local and link-local), phone numbers (Hong Kong's eight digits however written) and Hong
 * Kong identity card numbers (personal data under the PDPO); representatives' Chinese names are
 * matched wherever they stand, Chinese being written without spaces. Detection runs on the text with its defanging
 * undone ({@code carol [at] bank [dot] demo}, {@code 10[.]1[.]2[.]3}); only what is redacted is
 * replaced, so public indicators keep the defanged form their author gave them. Every scan is
 * linear or bounded: a post's text cannot make it slow.
 */
final class Redactor {
    private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w.]*\\d)");
    /** Words after which a dotted number is a version (version 10.2.1.4), not an address. */
    private static final Pattern VERSION_BEFORE = Pattern.compile("(?i)\\b(?:version|versions|ver\\.?|release|build|v|"
            + "firmware|patch|patched|upgrade|upgraded|update|updated|fixed)(?:\\s+(?:to|is|in|from|at))?\\s*$");
    private static final Pattern IPV6 = Pattern.compile("(?i)(?<![0-9a-f:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![0-9a-f:])");
    private static final List<Pattern> PHONES = List.of(
            // International: +41 44 123 45 67, +41.44.123.45.67, +1 (555) 123-4567
            Pattern.compile("(?<![\\w.+])\\+\\d{1,3}(?:[ .()\\-]{1,2}\\d{1,4}){2,6}(?![\\w.])"),
            // North American: (555) 123-4567, 555.123.4567, 555-123-4567
            Pattern.compile("(?<![\\w.])(?:\\(\\d{3}\\) ?|\\d{3}[.\\- ])\\d{3}[.\\- ]\\d{4}(?![\\w.])"),
            // National with a leading 0: 044 123 45 67, (044) 123 45 67
            Pattern.compile("(?<![\\w.-])\\(?0\\d{1,4}\\)?[ -]\\d[\\d -]{4,20}\\d(?![\\w.-])"));
    /**
     * Hong Kong numbers: eight digits starting 2, 3 (fixed lines), 5, 6, 9 (mobiles) or 8 (special
     * services), written {@code 2345 6789}, {@code 2345-6789}, {@code 23456789}, with or without
     * {@code +852}, {@code (852)}, {@code 852-} or {@code 00852} before them.
     */
    private static final Pattern HK_PHONE = Pattern.compile("(?<![\\w.+\\-/#])(?:(?:\\+|00)?852[ \\-.]?|\\(\\+?852\\)[ ]?)?"
            + "([2-9]\\d{3})[ \\-.]?(\\d{4})(?![\\w.\\-/])");
    /**
     * Hong Kong identity card numbers: one or two letters, six digits and a check digit (0-9 or A),
     * the check digit in brackets as the card prints it ({@code A123456(7)}, {@code A123456 (7)},
     * {@code AB987654（3）}), or run on ({@code A1234567}). In brackets the form is unmistakable and
     * is taken whatever the check digit; run on, only when the check digit is right.
     */
    private static final Pattern HKID = Pattern.compile("(?<![\\w\\-])([A-Za-z]{1,2})(\\d{6}) ?(?:[(\\uff08]([0-9Aa])[)\\uff09]|([0-9Aa]))"
            + "(?![\\w\\-])");

    /** Defanging undone for detection: each token, and what it stands for. */
    private static final String[][] DEFANGED = {
        {" [dot] ", "."}, {" (dot) ", "."}, {"[dot]", "."}, {"(dot)", "."}, {"{dot}", "."}, {"[.]", "."}, {"(.)", "."},
        {"{.}", "."}, {" [at] ", "@"}, {" (at) ", "@"}, {"[at]", "@"}, {"(at)", "@"}, {"{at}", "@"}, {"[@]", "@"},
        {"[:]", ":"}};

    /** Names to redact, lower case, longest first, with the variants people write. */
    private final List<String> names;

    Redactor(List<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s == null) {
                continue;
            }
            String n = fold(s.strip());
            all.add(n);
            String[] words = n.split("[\\s\\-_]+");
            if (words.length > 1) {
                all.add(String.join("", words));
                all.add(String.join("-", words));
                all.add(String.join("_", words));
                StringBuilder abbreviated = new StringBuilder(words[0]);
                for (int i = 1; i < words.length; i++) {
                    abbreviated.append(words[i], 0, Math.min(3, words[i].length()));
                }
                all.add(abbreviated.toString());
            }
        }
        // A name in Chinese characters (a representative's registered name_zh: 陳大文) is two to four
        // characters and written without spaces around it; any other name needs four.
        all.removeIf(n -> n.length() < (han(n) ? 2 : 4));
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.names = List.copyOf(sorted);
    }

    String redact(String text) {
        Refanged r = refang(fold(text));
        List<int[]> spans = new ArrayList<>();
        addresses(r.text, spans);
        names(r.text, spans);
        internalAddresses(r.text, spans);
        phones(r.text, spans);
        hongKongIdentityCards(r.text, spans);
        if (spans.isEmpty()) {
            return text;
        }
        List<int[]> original = new ArrayList<>();
        for (int[] s : spans) {
            original.add(new int[] {r.origin(s[0]), r.origin(s[1])});
        }
        original.sort(Comparator.comparingInt((int[] s) -> s[0]));
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (int[] s : original) {
            if (s[1] <= copied) {
                continue;
            }
            if (s[0] >= copied) {
                out.append(text, copied, s[0]).append(Releases.REDACTED);
            }
            copied = s[1];
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * The text as it reads, one character for one: each letter in lower case on its own (the dotted
     * capital I, whose lower case in a string is two characters, becomes i, so positions stay those of
     * the original and no letter turns a scan off), and full-width forms (ａｌｉｃｅ＠, ＫＢ) as the ASCII
     * they show. The Kelvin sign and others that read as ASCII letters lower to those letters.
     */
    static String fold(String text) {
        char[] out = new char[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            if (c >= '\uff01' && c <= '\uff5e') {
                c = (char) (c - 0xfee0);
            } else if (c == '\u3000') {
                c = ' ';
            }
            out[i] = Character.isSurrogate(c) ? c : Character.toLowerCase(c);
        }
        return new String(out);
    }

    /** The (folded) text with its defanging undone, and where each of its characters came from. */
    private record Refanged(String text, int[] from, int length) {
        int origin(int index) {
            return index >= text.length() ? length : from[index];
        }
    }

    private static Refanged refang(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int[] from = new int[text.length() + 1];
        int i = 0;
        next:
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '[' || c == '(' || c == '{') {
                for (String[] d : DEFANGED) {
                    if (text.startsWith(d[0], i)) {
                        from[out.length()] = i;
                        out.append(d[1]);
                        i += d[0].length();
                        continue next;
                    }
                }
            }
            from[out.length()] = i;
            out.append(c);
            i++;
        }
        return new Refanged(out.toString(), from, text.length());
    }

    /** E-mail addresses: from each {@code @}, bounded scans either side. */
    private static void addresses(String text, List<int[]> spans) {
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > 0 && at - start < 64 && localChar(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < text.length() && end - at <= 253 && hostChar(text.charAt(end))) {
                end++;
            }
            while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                end--;
            }
            // The last dot of this host only (at most 253 characters back), never one before the
            // '@': a search through the whole text for each '@' made redaction quadratic.
            int dot = end - 1;
            while (dot > at && text.charAt(dot) != '.') {
                dot--;
            }
            boolean tld = dot > at + 1 && end - dot > 2;
            for (int k = dot + 1; tld && k < end; k++) {
                tld = Character.isLetter(text.charAt(k));
            }
            if (start < at && tld) {
                spans.add(new int[] {start, end});
            }
        }
    }

    /**
     * Names and domains, any case (the text is {@linkplain #fold folded}), not inside a longer word; a
     * domain takes the host labels before it.
     */
    private void names(String text, List<int[]> spans) {
        for (String name : names) {
            for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
                int end = at + name.length();
                // Chinese is written without spaces: a Chinese name stands wherever it is found.
                boolean han = han(name);
                if (!han && (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')
                        || at > 0 && Character.isLetterOrDigit(text.charAt(at - 1)))) {
                    continue;
                }
                int start = at;
                while (start > 0 && text.charAt(start - 1) == '.') {
                    int label = start - 1;
                    while (label > 0 && (Character.isLetterOrDigit(text.charAt(label - 1)) || text.charAt(label - 1) == '-')) {
                        label--;
                    }
                    if (label == start - 1) {
                        break;
                    }
                    start = label;
                }
                spans.add(new int[] {start, end});
            }
        }
    }

    /**
     * Internal addresses, as {@link IndicatorClassifier#internal} decides (one place): RFC 1918, RFC 6598,
     * loopback and link-local IPv4; IPv6 loopback, unique-local and link-local.
     */
    private static void internalAddresses(String text, List<int[]> spans) {
        Matcher v4 = IPV4.matcher(text);
        while (v4.find()) {
            if (VERSION_BEFORE.matcher(text.substring(Math.max(0, v4.start() - 24), v4.start())).find()) {
                continue;
            }
            if (internal(v4.group())) {
                spans.add(new int[] {v4.start(), v4.end()});
            }
        }
        Matcher v6 = IPV6.matcher(text);
        while (v6.find()) {
            String candidate = v6.group();
            if (!candidate.contains("::") && candidate.chars().filter(ch -> ch == ':').count() != 7) {
                continue;
            }
            if (internal(candidate)) {
                spans.add(new int[] {v6.start(), v6.end()});
            }
        }
    }

    private static boolean internal(String literal) {
        try {
            if (literal.indexOf(':') < 0 && !literal.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}")) {
                return false;
            }
            return IndicatorClassifier.internal(InetAddress.getByName(literal));
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    private static void phones(String text, List<int[]> spans) {
        for (Pattern p : PHONES) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                long digits = m.group().chars().filter(Character::isDigit).count();
                if (digits >= 7 && digits <= 15) {
                    spans.add(new int[] {m.start(), m.end()});
                }
            }
        }
        Matcher hk = HK_PHONE.matcher(text);
        while (hk.find()) {
            if (!looksLikeDate(hk.group(1), hk.group(2))) {
                spans.add(new int[] {hk.start(), hk.end()});
            }
        }
    }

    private static void hongKongIdentityCards(String text, List<int[]> spans) {
        Matcher m = HKID.matcher(text);
        while (m.find()) {
            boolean bracketed = m.group(3) != null;
            if (bracketed || hkidCheckDigit(m.group(1), m.group(2)) == Character.toUpperCase(m.group(4).charAt(0))) {
                spans.add(new int[] {m.start(), m.end()});
            }
        }
    }

    /** The check digit of an HKID's letters and six digits: weights 9..2, the missing first letter counted as 36, mod 11. */
    static char hkidCheckDigit(String letters, String digits) {
        String l = letters.toUpperCase(Locale.ROOT);
        int sum = l.length() == 2 ? 9 * (l.charAt(0) - 'A' + 10) + 8 * (l.charAt(1) - 'A' + 10) : 9 * 36 + 8 * (l.charAt(0) - 'A' + 10);
        for (int i = 0; i < 6; i++) {
            sum += (7 - i) * (digits.charAt(i) - '0');
        }
        int check = (11 - sum % 11) % 11;
        return check == 10 ? 'A' : (char) ('0' + check);
    }

    /** Whether eight digits read as a date (20261205): kept, as dates are not numbers to call. */
    private static boolean looksLikeDate(String first, String last) {
        int year = Integer.parseInt(first);
        int month = Integer.parseInt(last.substring(0, 2));
        int day = Integer.parseInt(last.substring(2));
        return year >= 1990 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    /** Whether {@code name} is written in Chinese characters (all of its letters are Han). */
    static boolean han(String name) {
        boolean any = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetter(c)) {
                if (Character.UnicodeScript.of(c) != Character.UnicodeScript.HAN && !Character.isSurrogate(c)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static boolean localChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || "._%+-".indexOf(c) >= 0);
    }

    private static boolean hostChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
    }
}
