package org.infohub.core.kind;

import java.util.List;
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

    /** What people call it on a page, in English. */
    public String title() {
        return title(org.infohub.core.i18n.Messages.of(org.infohub.core.i18n.Language.EN));
    }

    /** What people call it, in a reader's language: "Alert", "警報". */
    public String title(org.infohub.core.i18n.Messages messages) {
        return messages.get("kind." + name());
    }

    /** A code, tag word or usual synonym ("views", "tech", "seminar"); case, spaces and underscores do not matter. */
    public static Optional<Kind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        if (t.length() >= 2 && OPENING_BRACKETS.indexOf(t.charAt(0)) >= 0
                && t.charAt(t.length() - 1) == CLOSING_BRACKETS.charAt(OPENING_BRACKETS.indexOf(t.charAt(0)))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return Optional.ofNullable(switch (t) {
            case "alert", "warning", "urgent" -> ALERT;
            case "advisory", "advice", "bulletin" -> ADVISORY;
            case "discussion", "views", "opinion", "question", "exchange" -> DISCUSSION;
            case "emerging-tech", "emerging", "tech", "new-tech", "emerging-technology" -> EMERGING_TECH;
            case "event", "seminar", "workshop", "webinar" -> EVENT;
            // Traditional Chinese as Hong Kong writes it, and the simplified forms members forward.
            case "警報", "警示", "告警", "預警", "緊急", "警报", "预警" -> ALERT;
            case "建議", "公告", "通告", "通報", "保安公告", "安全公告", "漏洞", "建议", "通报", "安全通告" -> ADVISORY;
            case "討論", "意見", "交流", "提問", "讨论", "意见" -> DISCUSSION;
            case "新科技", "新興科技", "科技", "新兴科技" -> EMERGING_TECH;
            case "活動", "研討會", "講座", "工作坊", "網絡研討會", "网络研讨会", "研讨会", "讲座", "活动" -> EVENT;
            default -> null;
        });
    }

    /** Brackets a subject tag is written in: ASCII, full-width and the CJK lenticular and tortoise-shell ones. */
    static final String OPENING_BRACKETS = "[\uff3b\u3010\u3014\u3016";
    static final String CLOSING_BRACKETS = "]\uff3d\u3011\u3015\u3017";

    // Chinese is written without spaces between words: these are looked for anywhere in the text.
    private static final List<String> EVENT_WORDS_ZH = List.of("研討會", "講座", "工作坊", "網絡研討會", "網上研討會", "分享會",
            "報名", "議程", "邀請", "研讨会", "讲座", "报名", "议程", "邀请");
    private static final List<String> URGENT_WORDS_ZH = List.of("警報", "警示", "告警", "緊急", "立即", "攻擊", "入侵", "勒索",
            "釣魚", "惡意軟件", "惡意程式", "殭屍網絡", "外洩", "洩露", "被利用", "阻斷服務", "木馬", "後門",
            "警报", "紧急", "攻击", "钓鱼", "恶意软件", "泄露", "木马", "后门");
    private static final List<String> ADVISORY_WORDS_ZH = List.of("建議", "漏洞", "修補", "補丁", "更新", "升級", "緩解", "指引",
            "公告", "通告", "加固", "建议", "修补", "补丁", "升级", "缓解");
    private static final List<String> TECH_WORDS_ZH = List.of("區塊鏈", "金融科技", "加密貨幣", "量子", "人工智能", "人工智慧",
            "語言模型", "生成式", "物聯網", "深度偽造", "深偽", "數碼貨幣", "虛擬資產", "区块链", "加密货币", "物联网", "深度伪造");

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
        if (hasHan(text)) {
            event |= containsAny(text, EVENT_WORDS_ZH);
            urgent |= containsAny(text, URGENT_WORDS_ZH);
            advisory |= containsAny(text, ADVISORY_WORDS_ZH);
            tech |= containsAny(text, TECH_WORDS_ZH);
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

    private static boolean hasHan(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= '\u3400' && text.charAt(i) <= '\u9fff') {
                return true;
            }
        }
        return false;
    }

    /** Whether any of a fixed, short list of words occurs: linear in the text (at most 4,000 characters here). */
    private static boolean containsAny(String text, List<String> words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** Reply prefixes as mail programs write them, in English, German, Scandinavian and Chinese clients. */
    private static final List<String> REPLY_WORDS = java.util.List.of("re", "aw", "sv", "antw", "回覆", "回复", "答覆", "答复");

    /** Whether the subject opens (after any {@code [tags]}) with a reply prefix: {@code Re:}, {@code 回覆：}, ... */
    public static boolean isReplySubject(String subject) {
        return subject != null && replyPrefixEnd(subject) >= 0;
    }

    /**
     * Where the reply prefix ({@code Re:}, {@code AW:}, {@code 回覆：}, ...) that opens the subject ends,
     * after any {@code [tags]} before it; -1 when the subject does not open with one. Linear.
     */
    static int replyPrefixEnd(String subject) {
        int i = 0;
        int n = subject.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(subject.charAt(i))) {
                i++;
            }
            if (i < n && OPENING_BRACKETS.indexOf(subject.charAt(i)) >= 0) {
                int close = closerWithin(subject, i, 40);
                if (close < 0) {
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

    /** Where the bracket opened at {@code open} closes, within {@code limit} characters; -1 if not. */
    private static int closerWithin(String subject, int open, int limit) {
        char closer = CLOSING_BRACKETS.charAt(OPENING_BRACKETS.indexOf(subject.charAt(open)));
        int end = Math.min(subject.length(), open + limit + 1);
        for (int i = open + 1; i < end; i++) {
            if (subject.charAt(i) == closer) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first {@code [WORD]} (or {@code 【警報】}, {@code ［ALERT］}) of the subject that names a
     * kind (a list's {@code [finance]} does not).
     */
    public static Optional<Kind> tagOf(String subject) {
        int from = 0;
        while (true) {
            int open = -1;
            for (int i = from; i < subject.length(); i++) {
                if (OPENING_BRACKETS.indexOf(subject.charAt(i)) >= 0) {
                    open = i;
                    break;
                }
            }
            if (open < 0) {
                return Optional.empty();
            }
            // Looked for within the 40 characters a tag may take, so a subject of brackets costs
            // 40 steps a bracket at most (it was quadratic while the search ran to the end).
            int close = closerWithin(subject, open, 40);
            if (close < 0) {
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
