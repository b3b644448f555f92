package org.infohub.core.release;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an administrator took out of a release's text, so that the same words go from every part of
 * the release (title, summary, text, an event's place and link). An edit is compared with the text
 * before it word by word (the longest common subsequence of the changed middle, after the common
 * beginning and end are set aside); each run of words that is gone is a phrase removed. Removed
 * phrases are then replaced by {@link Releases#REDACTED} wherever they stand in any part.
 */
final class Edits {
    /** Beyond this many word pairs in the changed middle, words gone are found by set difference. */
    private static final long MAX_CELLS = 4_000_000L;
    /** A phrase needs this many letters or digits to be taken out everywhere ("a", "on" are not). */
    private static final int MIN_SIGNIFICANT = 4;

    private Edits() {
    }

    /** A word or a run of other characters, with where it stands in its text. */
    private record Token(String text, int start, int end, boolean word) {
    }

    /** The phrases of {@code before} that {@code after} no longer has, in order, each once. */
    static List<String> removed(String before, String after) {
        List<Token> a = tokens(before);
        List<Token> b = tokens(after);
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).text().equals(b.get(start).text())) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).text().equals(b.get(endB - 1).text())) {
            endA--;
            endB--;
        }
        boolean[] gone = new boolean[endA - start];
        int n = endA - start;
        int m = endB - start;
        if ((long) n * m <= MAX_CELLS) {
            // LCS lengths from the end, then one walk from the start marking what is not kept.
            int[][] lcs = new int[n + 1][m + 1];
            for (int i = n - 1; i >= 0; i--) {
                for (int j = m - 1; j >= 0; j--) {
                    lcs[i][j] = a.get(start + i).text().equals(b.get(start + j).text()) ? lcs[i + 1][j + 1] + 1
                            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            int i = 0;
            int j = 0;
            while (i < n) {
                if (j < m && a.get(start + i).text().equals(b.get(start + j).text())) {
                    i++;
                    j++;
                } else if (j < m && lcs[i][j + 1] >= lcs[i + 1][j]) {
                    j++;
                } else {
                    gone[i++] = true;
                }
            }
        } else {
            Set<String> kept = new java.util.HashSet<>();
            for (int j = start; j < endB; j++) {
                kept.add(b.get(j).text());
            }
            for (int i = 0; i < n; i++) {
                gone[i] = !kept.contains(a.get(start + i).text());
            }
        }
        Set<String> phrases = new LinkedHashSet<>();
        String afterLower = after == null ? "" : after.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < n) {
            if (!gone[i] || !a.get(start + i).word()) {
                i++;
                continue;
            }
            int last = i;
            int k = i;
            // A run: removed words and the spaces and punctuation between them.
            while (k < n && gone[k]) {
                if (a.get(start + k).word()) {
                    last = k;
                }
                k++;
            }
            String phrase = before.substring(a.get(start + i).start(), a.get(start + last).end()).strip();
            // Moved, not removed: a phrase the new text still holds is not taken out.
            if (significant(phrase) && !phrase.equalsIgnoreCase(Releases.REDACTED)
                    && !afterLower.contains(phrase.toLowerCase(Locale.ROOT))) {
                phrases.add(phrase);
            }
            i = k;
        }
        return List.copyOf(phrases);
    }

    /** {@code text} with every phrase replaced by the redaction mark, wherever it stands as whole words, any case. */
    static String apply(String text, Collection<String> phrases) {
        if (text == null || text.isEmpty() || phrases.isEmpty()) {
            return text;
        }
        List<String> longestFirst = new ArrayList<>(phrases);
        longestFirst.sort((x, y) -> Integer.compare(y.length(), x.length()));
        String out = text;
        for (String phrase : longestFirst) {
            String p = phrase.toLowerCase(Locale.ROOT);
            if (p.isBlank()) {
                continue;
            }
            String lower = out.toLowerCase(Locale.ROOT);
            if (lower.length() != out.length()) {
                continue;
            }
            StringBuilder sb = new StringBuilder(out.length());
            int copied = 0;
            for (int at = lower.indexOf(p); at >= 0; at = lower.indexOf(p, at + 1)) {
                int end = at + p.length();
                if (at < copied || at > 0 && wordChar(out.charAt(at - 1)) && wordChar(out.charAt(at))
                        || end < out.length() && wordChar(out.charAt(end)) && wordChar(out.charAt(end - 1))) {
                    continue;
                }
                sb.append(out, copied, at).append(Releases.REDACTED);
                copied = end;
            }
            out = sb.append(out, copied, out.length()).toString();
        }
        return out;
    }

    /** Phrases, one per line, as kept and as the administrator edits them. */
    static List<String> parse(String lines) {
        Set<String> out = new LinkedHashSet<>();
        if (lines != null) {
            for (String l : lines.split("\\R")) {
                if (significant(l.strip())) {
                    out.add(l.strip());
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean significant(String phrase) {
        return phrase.codePoints().filter(Character::isLetterOrDigit).count() >= MIN_SIGNIFICANT;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        String t = text == null ? "" : text;
        int i = 0;
        while (i < t.length()) {
            int j = i;
            boolean word = wordChar(t.charAt(i));
            while (j < t.length() && wordChar(t.charAt(j)) == word) {
                j++;
            }
            out.add(new Token(t.substring(i, j), i, j, word));
            i = j;
        }
        return out;
    }
}
