package org.infohub.mailet.trust;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.impl.BodyHasherImpl;
import org.infohub.core.trust.DkimKeys;

/**
 * DKIM-signs what the hub sends (RFC 6376, rsa-sha256, relaxed/relaxed) with jDKIM, the signer
 * James's own DKIMSign mailet uses. The body hash is computed once per message and reused for every
 * personalised copy: only the header block differs between members, so each copy costs one RSA
 * signature and a header split.
 */
public final class OutboundSigner {
    /** Signed when present; absent ones are signed as absent, so nobody can add them later. */
    static final String SIGNED_HEADERS = "from:reply-to:sender:subject:date:to:cc:message-id:in-reply-to:references:"
            + "mime-version:content-type:content-transfer-encoding:list-id:list-post:list-help:list-unsubscribe:"
            + "list-unsubscribe-post:list-archive:archived-at:precedence:x-infohub-tlp:x-original-from";

    private final DKIMSigner signer;
    private final String template;

    public OutboundSigner(DkimKeys.Key key, String domain, String selector) {
        this.template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector + "; h="
                + SIGNED_HEADERS + "; bh=; b=;";
        this.signer = new DKIMSigner(template, key.privateKey());
    }

    /** A message split for signing: its header block and the hash of its body. */
    public record Prepared(byte[] header, byte[] body, byte[] bodyHash) {
    }

    /** Splits {@code message} (CRLF line ends) and hashes its body. */
    public Prepared prepare(byte[] message) throws IOException {
        int split = headerEnd(message);
        byte[] header = Arrays.copyOfRange(message, 0, split);
        byte[] body = Arrays.copyOfRange(message, Math.min(message.length, split + 2), message.length);
        byte[] relaxed = relaxedBody(body);
        if (relaxed != null) {
            try {
                return new Prepared(header, body, java.security.MessageDigest.getInstance("SHA-256").digest(relaxed));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException("no SHA-256 in this JVM", e);
            }
        }
        return new Prepared(header, body, jdkimBodyHash(body));
    }

    /** The body hash as jDKIM computes it (its canonicaliser takes one octet at a time). */
    byte[] jdkimBodyHash(byte[] body) throws IOException {
        try {
            BodyHasherImpl hasher = new BodyHasherImpl(signer.newSignatureRecordTemplate(template));
            try (OutputStream out = hasher.getOutputStream()) {
                out.write(body);
            }
            return hasher.getDigest();
        } catch (PermFailException e) {
            throw new IOException("DKIM template rejected: " + e.getMessage(), e);
        }
    }

    /**
     * RFC 6376 3.4.4, the "relaxed" body canonicalisation, over runs of octets: whitespace at a
     * line's end removed, a run of it within a line one space, empty lines at the end removed, a
     * last line given its CRLF. Null for a body with a CR or LF that is not part of a CRLF, which
     * is left to jDKIM (the hub's own mail has none: line ends are made CRLF before signing), as is
     * a body with no line that is not empty.
     * jDKIM's canonicaliser, one octet at a time through a stream, was a tenth of the spool's work
     * for a 141 KB digest.
     */
    static byte[] relaxedBody(byte[] in) {
        byte[] out = new byte[in.length + 2];
        int o = 0;
        int lastContent = 0; // the end of the last line that is not empty, its CRLF included
        int i = 0;
        while (i < in.length) {
            byte b = in[i];
            if (b == ' ' || b == '\t') {
                int j = i;
                while (j < in.length && (in[j] == ' ' || in[j] == '\t')) {
                    j++;
                }
                if (j < in.length && in[j] != '\r' && in[j] != '\n') {
                    out[o++] = ' ';
                }
                i = j;
            } else if (b == '\r') {
                if (i + 1 >= in.length || in[i + 1] != '\n') {
                    return null;
                }
                boolean empty = o == 0 || (o >= 2 && out[o - 2] == '\r' && out[o - 1] == '\n');
                out[o++] = '\r';
                out[o++] = '\n';
                if (!empty) {
                    lastContent = o;
                }
                i += 2;
            } else if (b == '\n') {
                return null;
            } else {
                int j = i;
                while (j < in.length && in[j] != ' ' && in[j] != '\t' && in[j] != '\r' && in[j] != '\n') {
                    j++;
                }
                System.arraycopy(in, i, out, o, j - i);
                o += j - i;
                i = j;
            }
        }
        if (o > 0 && !(o >= 2 && out[o - 2] == '\r' && out[o - 1] == '\n')) {
            // A last line without its CRLF (content, or a space collapsed there) gets one.
            out[o++] = '\r';
            out[o++] = '\n';
            lastContent = o;
        }
        // A body of nothing but empty lines: RFC 6376's errata and jDKIM part ways; jDKIM's as before.
        return lastContent == 0 ? null : Arrays.copyOf(out, lastContent);
    }

    /**
     * The {@code DKIM-Signature} header field (name included, no line end) for a message made of
     * {@code extraHeaders} (CRLF-terminated lines), then the prepared header block and body.
     */
    public String sign(String extraHeaders, Prepared prepared) throws IOException {
        byte[] extra = extraHeaders.getBytes(StandardCharsets.UTF_8);
        byte[] headers = new byte[extra.length + prepared.header().length + 2];
        System.arraycopy(extra, 0, headers, 0, extra.length);
        System.arraycopy(prepared.header(), 0, headers, extra.length, prepared.header().length);
        headers[headers.length - 2] = '\r';
        headers[headers.length - 1] = '\n';
        HeaderBlock parsed = new HeaderBlock(headers);
        try {
            SignatureRecord record = signer.newSignatureRecordTemplate(template);
            byte[] bodyHash = prepared.bodyHash();
            BodyHasherImpl precomputed = new BodyHasherImpl(record) {
                @Override
                public byte[] getDigest() {
                    return bodyHash;
                }
            };
            return signer.sign(parsed, precomputed);
        } catch (PermFailException e) {
            throw new IOException("DKIM signing failed: " + e.getMessage(), e);
        }
    }

    /** The offset of the CRLF that ends the header block (the empty line), or the length when none. */
    static int headerEnd(byte[] m) {
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                return i + 2;
            }
        }
        return m.length;
    }
}
