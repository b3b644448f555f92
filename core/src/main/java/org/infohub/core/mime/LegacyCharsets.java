package org.infohub.core.mime;

import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.MimeUtility;

/**
 * The Chinese charsets mail in Hong Kong still arrives in, read as the mail programs that wrote
 * them meant: a part labelled {@code big5} written by a Hong Kong client holds Hong Kong
 * supplementary characters ({@code 嘅 咗 𨋢}), which only Big5-HKSCS maps; one labelled
 * {@code gb2312} holds GBK's and GB18030's characters. So each label is read as the superset that
 * contains it, as the WHATWG Encoding Standard reads them in browsers: every Big5 name as
 * Big5-HKSCS, every GB2312 and GBK name as GB18030. Text in these charsets is archived and sent
 * on as UTF-8 (see the mailet {@code DecodeRawHeaders}).
 */
public final class LegacyCharsets {
    private LegacyCharsets() {
    }

    private static final Charset BIG5_HKSCS = Charset.forName("Big5-HKSCS");
    private static final Charset GB18030 = Charset.forName("GB18030");

    /** Labels (lower case) and the superset they are read as. */
    private static final Map<String, Charset> WIDER = Map.ofEntries(
            Map.entry("big5", BIG5_HKSCS), Map.entry("big-5", BIG5_HKSCS), Map.entry("cn-big5", BIG5_HKSCS),
            Map.entry("csbig5", BIG5_HKSCS), Map.entry("x-x-big5", BIG5_HKSCS), Map.entry("big5-hkscs", BIG5_HKSCS),
            Map.entry("big5hkscs", BIG5_HKSCS), Map.entry("x-big5-hkscs", BIG5_HKSCS),
            Map.entry("big5-hkscs:unicode3.0", BIG5_HKSCS),
            Map.entry("gb2312", GB18030), Map.entry("csgb2312", GB18030), Map.entry("euc-cn", GB18030),
            Map.entry("x-euc-cn", GB18030), Map.entry("gbk", GB18030), Map.entry("x-gbk", GB18030),
            Map.entry("cp936", GB18030), Map.entry("ms936", GB18030), Map.entry("windows-936", GB18030),
            Map.entry("chinese", GB18030), Map.entry("iso-ir-58", GB18030), Map.entry("csiso58gb231280", GB18030),
            Map.entry("gb_2312-80", GB18030), Map.entry("gb18030", GB18030));

    /** The charset a label names, widened to its Chinese superset; empty when Java does not know it. */
    public static Optional<Charset> forLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String name = label.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        Charset wider = WIDER.get(name);
        if (wider != null) {
            return Optional.of(wider);
        }
        try {
            String java = MimeUtility.javaCharset(name);
            return java == null || java.isEmpty() || !Charset.isSupported(java) ? Optional.empty()
                    : Optional.of(Charset.forName(java));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code label} is one of the Chinese legacy charsets read here (Big5, GB2312, GBK, GB18030 and their names). */
    public static boolean isChineseLegacy(String label) {
        return label != null && WIDER.containsKey(label.strip().replace("\"", "").toLowerCase(Locale.ROOT));
    }

    /**
     * The text of a header value with RFC 2047 encoded words, each read in its charset widened as
     * above ({@code =?big5?B?...?=} with Hong Kong characters reads right). One pass to find the
     * encoded words, then JavaMail's decoder: linear in the value.
     */
    public static String decodeHeader(String value) throws UnsupportedEncodingException {
        if (value == null) {
            return null;
        }
        String unfolded = MimeUtility.unfold(value);
        return MimeUtility.decodeText(widenEncodedWords(unfolded));
    }

    /** {@code value} with the charset of each encoded word renamed to its wider charset, if it has one. */
    static String widenEncodedWords(String value) {
        int at = value.indexOf("=?");
        if (at < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        int copied = 0;
        while (at >= 0) {
            int start = at + 2;
            // a charset name is short: look no further than 40 characters for the '?' that ends it
            int end = start;
            int limit = Math.min(value.length(), start + 40);
            while (end < limit && value.charAt(end) != '?' && value.charAt(end) != ' ') {
                end++;
            }
            if (end < limit && value.charAt(end) == '?') {
                String label = value.substring(start, end);
                int star = label.indexOf('*'); // RFC 2231 language: =?big5*zh-HK?B?...?=
                String name = star < 0 ? label : label.substring(0, star);
                Charset wider = WIDER.get(name.toLowerCase(Locale.ROOT));
                if (wider != null) {
                    out.append(value, copied, start).append(wider.name());
                    copied = end;
                }
                at = value.indexOf("=?", end);
            } else {
                at = value.indexOf("=?", start);
            }
        }
        return out.append(value, copied, value.length()).toString();
    }
}
