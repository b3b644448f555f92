package org.infohub.core.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An MTA-STS policy (RFC 8461 section 3.2), as a domain serves it at
 * {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt}: {@code mode} ({@code enforce},
 * {@code testing} or {@code none}), the MX host patterns mail may go to, and how long it may be
 * cached. Read in one pass over at most {@link #MAX_OCTETS} of text: linear in its length.
 */
public record MtaStsPolicy(Mode mode, List<String> mx, long maxAgeSeconds) {
    /** The largest policy read (RFC 8461 section 3.3 lets a client stop at 64 KB). */
    public static final int MAX_OCTETS = 64 * 1024;
    /** RFC 8461 section 3.2: max_age is at most 31,557,600 seconds (about a year). */
    public static final long MAX_AGE = 31_557_600L;

    public enum Mode {
        ENFORCE, TESTING, NONE
    }

    /**
     * The policy of {@code text}, or empty when it is not one: {@code version: STSv1} first,
     * {@code mode}, {@code max_age}, and at least one {@code mx} unless the mode is {@code none}.
     * Unknown keys are ignored, as the RFC asks.
     */
    public static Optional<MtaStsPolicy> parse(String text) {
        if (text == null || text.length() > MAX_OCTETS) {
            return Optional.empty();
        }
        Mode mode = null;
        long maxAge = -1;
        List<String> mx = new ArrayList<>();
        boolean first = true;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            start = end + 1;
            if (line.isBlank()) {
                if (end == text.length()) {
                    break;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (first) {
                if (!key.equals("version") || !value.equals("STSv1")) {
                    return Optional.empty();
                }
                first = false;
                continue;
            }
            switch (key) {
                case "mode" -> {
                    switch (value) {
                        case "enforce" -> mode = Mode.ENFORCE;
                        case "testing" -> mode = Mode.TESTING;
                        case "none" -> mode = Mode.NONE;
                        default -> {
                            return Optional.empty();
                        }
                    }
                }
                case "max_age" -> {
                    if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(Character::isDigit)) {
                        return Optional.empty();
                    }
                    maxAge = Math.min(MAX_AGE, Long.parseLong(value));
                }
                case "mx" -> {
                    String pattern = value.toLowerCase(Locale.ROOT);
                    if (!pattern.matches("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*\\.?")
                            || pattern.length() > 253) {
                        return Optional.empty();
                    }
                    if (mx.size() < 100) {
                        mx.add(pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern);
                    }
                }
                default -> {
                    // an extension this client does not know: ignored (RFC 8461 section 3.2)
                }
            }
        }
        if (first || mode == null || maxAge < 0 || (mode != Mode.NONE && mx.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new MtaStsPolicy(mode, List.copyOf(mx), maxAge));
    }

    /**
     * Whether mail may go to MX host {@code host} (RFC 8461 section 4.1): a pattern names it exactly
     * or, as {@code *.example.net}, by one leftmost label.
     */
    public boolean allows(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String p : mx) {
            if (p.startsWith("*.")) {
                int dot = h.indexOf('.');
                if (dot > 0 && h.substring(dot + 1).equals(p.substring(2))) {
                    return true;
                }
            } else if (h.equals(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether delivery must be refused rather than made without a verified, allowed MX. */
    public boolean enforced() {
        return mode == Mode.ENFORCE;
    }
}
