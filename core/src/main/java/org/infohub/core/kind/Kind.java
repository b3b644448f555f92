package org.infohub.core.kind;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What kind of information a post is, as the programme shares it: alerts on sector threats,
 * advisories, exchanges of views on incidents, notes on emerging technology, and events
 * (seminars and workshops).
 */
public enum Kind {
    ALERT("alert"), ADVISORY("advisory"), DISCUSSION("discussion"), EMERGING_TECH("emerging-tech"), EVENT("event");

    private final String code;

    Kind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The subject tag list copies carry: {@code [ALERT]}, {@code [EMERGING-TECH]}. */
    public String tag() {
        return "[" + code.toUpperCase(Locale.ROOT) + "]";
    }

    /** What people call it on a page. */
    public String title() {
        return switch (this) {
            case ALERT -> "Alert";
            case ADVISORY -> "Advisory";
            case DISCUSSION -> "Discussion";
            case EMERGING_TECH -> "Emerging technology";
            case EVENT -> "Event";
        };
    }

    /** A code, tag word or usual synonym ("views", "tech", "seminar"); case, spaces and underscores do not matter. */
    public static Optional<Kind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        return Optional.ofNullable(switch (t) {
            case "alert", "warning", "urgent" -> ALERT;
            case "advisory", "advice", "bulletin" -> ADVISORY;
            case "discussion", "views", "opinion", "question", "exchange" -> DISCUSSION;
            case "emerging-tech", "emerging", "tech", "new-tech", "emerging-technology" -> EMERGING_TECH;
            case "event", "seminar", "workshop", "webinar" -> EVENT;
            default -> null;
        });
    }

    private static final Set<String> EVENT_WORDS = Set.of("seminar", "workshop", "webinar", "conference", "meetup", "agenda",
            "invitation", "invite", "register", "registration", "rsvp");
    private static final Set<String> URGENT_WORDS = Set.of("urgent", "immediately", "active", "actively", "ongoing",
            "exploited", "exploitation", "campaign", "attack", "attacks", "compromised", "compromise", "breach", "ransomware",
            "phishing", "beacon", "beaconing", "c2", "ioc", "iocs", "malware", "ddos");
    private static final Set<String> ADVISORY_WORDS = Set.of("advisory", "patch", "patches", "patching", "vulnerability",
            "vulnerabilities", "mitigation", "mitigations", "recommend", "recommendation", "recommendations", "guidance",
            "bulletin", "hardening", "update", "upgrade");
    private static final Set<String> TECH_WORDS = Set.of("blockchain", "fintech", "crypto", "cryptocurrency", "defi",
            "quantum", "post-quantum", "ai", "llm", "llms", "genai", "5g", "iot", "deepfake", "deepfakes", "web3", "cbdc");

    /**
     * The kind of a post: its subject tag ({@code [ALERT]}, {@code [ADVISORY]}, ...) when it has
     * one; else an invitation ({@code text/calendar}) is an event and a reply a discussion; else
     * guessed from the words of its subject and opening: event words, indicators with urgency
     * words (an alert), advisory words, emerging-technology words, indicators alone (an alert);
     * otherwise a discussion. Linear in the text; reads at most its first 4,000 characters.
     */
    public static Kind classify(String subject, String body, boolean reply, boolean hasIndicators, boolean hasCalendar) {
        String subj = subject == null ? "" : subject;
        int prefix = replyPrefixEnd(subj);
        // In "Re: [ALERT] ...", the tag is the parent's, quoted: a reply is what its sender tags
        // it before the "Re:", or else a discussion ("Thanks for sharing" is not an alert).
        Optional<Kind> tagged = tagOf(prefix < 0 ? subj : subj.substring(0, prefix));
        if (tagged.isPresent()) {
            return tagged.get();
        }
        if (hasCalendar) {
            return EVENT;
        }
        if (reply || prefix >= 0) {
            return DISCUSSION;
        }
        String s = subj.strip().toLowerCase(Locale.ROOT);
        String text = s + " " + (body == null ? "" : body.substring(0, Math.min(body.length(), 4000)).toLowerCase(Locale.ROOT));
        boolean event = false;
        boolean urgent = false;
        boolean advisory = false;
        boolean tech = false;
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            boolean word = Character.isLetterOrDigit(c) || c == '-';
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                String w = text.substring(start, i);
                event |= EVENT_WORDS.contains(w);
                urgent |= URGENT_WORDS.contains(w);
                advisory |= ADVISORY_WORDS.contains(w) || w.startsWith("cve-");
                tech |= TECH_WORDS.contains(w);
                start = -1;
            }
        }
        if (event) {
            return EVENT;
        }
        if (urgent && hasIndicators) {
            return ALERT;
        }
        if (advisory) {
            return ADVISORY;
        }
        if (tech) {
            return EMERGING_TECH;
        }
        return hasIndicators || urgent ? ALERT : DISCUSSION;
    }

    /** Reply prefixes as mail programs write them, in English, German, Scandinavian and Chinese clients. */
    private static final java.util.List<String> REPLY_WORDS = java.util.List.of("re", "aw", "sv", "antw", "回覆", "回复", "答覆", "答复");

    /**
     * Where the reply prefix ({@code Re:}, {@code AW:}, {@code 回覆：}, ...) that opens the subject ends,
     * after any {@code [tags]} before it; -1 when the subject does not open with one. Linear.
     */
    /** Whether the subject opens (after any {@code [tags]}) with a reply prefix: {@code Re:}, {@code 回覆：}, ... */
    public static boolean isReplySubject(String subject) {
        return subject != null && replyPrefixEnd(subject) >= 0;
    }

    static int replyPrefixEnd(String subject) {
        int i = 0;
        int n = subject.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(subject.charAt(i))) {
                i++;
            }
            if (i < n && subject.charAt(i) == '[') {
                int close = subject.indexOf(']', i + 1);
                if (close < 0 || close - i > 40) {
                    return -1;
                }
                i = close + 1;
                continue;
            }
            for (String w : REPLY_WORDS) {
                if (subject.regionMatches(true, i, w, 0, w.length())) {
                    int j = i + w.length();
                    while (j < n && subject.charAt(j) == ' ') {
                        j++;
                    }
                    if (j < n && (subject.charAt(j) == ':' || subject.charAt(j) == '\uff1a')) {
                        return j + 1;
                    }
                }
            }
            return -1;
        }
        return -1;
    }

    /** The first {@code [WORD]} of the subject that names a kind (a list's {@code [finance]} does not). */
    static Optional<Kind> tagOf(String subject) {
        int from = 0;
        while (true) {
            int open = subject.indexOf('[', from);
            if (open < 0) {
                return Optional.empty();
            }
            int close = subject.indexOf(']', open + 1);
            if (close < 0) {
                // No ']' after this '[' means none after any later one: stop (looking again for
                // each '[' made a subject of brackets quadratic).
                return Optional.empty();
            }
            if (close - open > 40) {
                from = open + 1;
                continue;
            }
            Optional<Kind> k = parse(subject.substring(open + 1, close));
            if (k.isPresent()) {
                return k;
            }
            from = close + 1;
        }
    }
}
