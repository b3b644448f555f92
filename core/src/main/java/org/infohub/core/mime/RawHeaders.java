package org.infohub.core.mime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Header text written in raw 8-bit octets, not RFC 2047 encoded words: UTF-8 as RFC 6532 allows
 * (and clients send with SMTPUTF8), or a legacy charset (Big5, Windows-1252) from older clients.
 * The parser hands such octets on one character each (ISO-8859-1); {@link #decode} gives the text
 * they stand for: UTF-8 when they are valid UTF-8, else the charset the message declares for its
 * text, else Windows-1252. One pass over the value: the cost is linear in its length.
 */
public final class RawHeaders {
    private RawHeaders() {
    }

    /** Whether {@code value} holds anything beyond ASCII (raw octets, or characters already decoded). */
    public static boolean needsDecoding(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7f) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text of a header value whose characters up to U+00FF stand for octets. A value with a
     * character beyond U+00FF was decoded already (the parser read UTF-8): it is returned as it is.
     */
    public static String decode(String value, Optional<Charset> declared) {
        byte[] octets = new byte[value.length()];
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff) {
                return value;
            }
            octets[i] = (byte) c;
        }
        Optional<String> utf8 = strict(octets, StandardCharsets.UTF_8);
        if (utf8.isPresent()) {
            return utf8.get();
        }
        if (declared.isPresent() && !declared.get().equals(StandardCharsets.US_ASCII)
                && !declared.get().equals(StandardCharsets.UTF_8)) {
            Optional<String> legacy = strict(octets, declared.get());
            if (legacy.isPresent()) {
                return legacy.get();
            }
        }
        return new String(octets, Charset.forName("windows-1252"));
    }

    /** The charset a Content-Type value names, when Java knows it (Big5 read as Big5-HKSCS, GB2312 as GB18030). */
    public static Optional<Charset> charsetOf(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String lower = contentType.toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("charset=");
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + 8;
        int end = start;
        while (end < lower.length() && ";\t\r\n ".indexOf(lower.charAt(end)) < 0) {
            end++;
        }
        String name = lower.substring(start, end).replace("\"", "").trim();
        return name.isEmpty() ? Optional.empty() : LegacyCharsets.forLabel(name);
    }

    private static Optional<String> strict(byte[] octets, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer out = decoder.decode(ByteBuffer.wrap(octets));
            return Optional.of(out.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
