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
        try {
            BodyHasherImpl hasher = new BodyHasherImpl(signer.newSignatureRecordTemplate(template));
            try (OutputStream out = hasher.getOutputStream()) {
                out.write(body);
            }
            return new Prepared(header, body, hasher.getDigest());
        } catch (PermFailException e) {
            throw new IOException("DKIM template rejected: " + e.getMessage(), e);
        }
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
