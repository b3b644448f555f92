package org.infohub.core.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Variable envelope return paths with a tag: list mail to {@code alice@bank.example} about post
 * 42 leaves with the envelope sender {@code finance-bounces+alice=bank.example+42-k3v9q2xa@HUB},
 * so a bounce names the member and the post it is about even when the bounce itself does not
 * (Bernstein's VERP, as Mailman and ezmlm use it). The tag is an HMAC-SHA256 over list, member and
 * reference with the hub's secret, cut to 40 bits: an outsider cannot make an address the hub
 * would take as its own, so a forged bounce cannot count against a member. Only the member's mail
 * path sees their address. A reference is a post's archive sequence number, or {@code p} and a
 * number for a probe.
 */
public final class Verp {
    public static final String SECRET_NAME = "verp-hmac";
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String MARK = "-bounces+";

    private final byte[] key;

    public Verp(byte[] key) {
        this.key = key.clone();
    }

    /** A list, one member's address, and the reference the return path was made for. */
    public record Target(String list, String member, String ref) {
        /** Whether the reference is a probe's ({@code p...}) rather than a post's. */
        public boolean probe() {
            return ref.startsWith("p");
        }

        /** A post's return path shared by all its members ({@link #encodePost}): names no member. */
        public boolean shared() {
            return member.isEmpty();
        }

        /** The same list and post, about {@code recipient}. */
        public Target about(String recipient) {
            return new Target(list, recipient.toLowerCase(Locale.ROOT), ref);
        }
    }

    public String encode(String list, String recipient, String ref, String domain) {
        String l = list.toLowerCase(Locale.ROOT);
        String r = recipient.toLowerCase(Locale.ROOT);
        int at = r.lastIndexOf('@');
        return l + MARK + r.substring(0, at) + "=" + r.substring(at + 1) + "+" + ref + "-" + tag(l, r, ref) + "@" + domain;
    }

    /**
     * The return path of a post's shared copy, one for all its members ({@code
     * finance-bounces+42-k3v9q2xa@HUB}): a bounce to it names the post, and the DSN names the member.
     */
    public String encodePost(String list, String ref, String domain) {
        String l = list.toLowerCase(Locale.ROOT);
        return l + MARK + ref + "-" + tag(l, "", ref) + "@" + domain;
    }

    /** The target of a local part this hub made; empty for anything else (no tag, a wrong tag, no VERP). */
    public Optional<Target> decode(String localPart) {
        return parse(localPart).filter(t -> MessageDigest.isEqual(
                tag(t.target().list(), t.target().member(), t.target().ref()).getBytes(StandardCharsets.US_ASCII),
                t.tag().getBytes(StandardCharsets.US_ASCII))).map(Parsed::target);
    }

    /** The list a VERP local part names, tag checked or not ({@code finance-bounces+...} to {@code finance}). */
    public static Optional<String> listOf(String localPart) {
        String lp = localPart.toLowerCase(Locale.ROOT);
        int plus = lp.indexOf(MARK);
        return plus <= 0 ? Optional.empty() : Optional.of(lp.substring(0, plus));
    }

    private record Parsed(Target target, String tag) {
    }

    private static Optional<Parsed> parse(String localPart) {
        String lp = localPart.toLowerCase(Locale.ROOT);
        int plus = lp.indexOf(MARK);
        if (plus <= 0) {
            return Optional.empty();
        }
        String rest = lp.substring(plus + MARK.length());
        int lastPlus = rest.lastIndexOf('+');
        if (lastPlus < 0) {
            int dash = rest.lastIndexOf('-');
            return dash <= 0 || rest.indexOf('=') >= 0 ? Optional.empty()
                    : Optional.of(new Parsed(new Target(lp.substring(0, plus), "", rest.substring(0, dash)),
                    rest.substring(dash + 1)));
        }
        if (lastPlus == 0) {
            return Optional.empty();
        }
        String member = rest.substring(0, lastPlus);
        String refAndTag = rest.substring(lastPlus + 1);
        int dash = refAndTag.lastIndexOf('-');
        int eq = member.lastIndexOf('=');
        if (dash <= 0 || eq <= 0 || eq == member.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(new Target(lp.substring(0, plus), member.substring(0, eq) + "@"
                + member.substring(eq + 1), refAndTag.substring(0, dash)), refAndTag.substring(dash + 1)));
    }

    private String tag(String list, String member, String ref) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal((list + "\n" + member + "\n" + ref).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 5; i++) {
                bits = bits << 8 | (h[i] & 0xff);
            }
            StringBuilder sb = new StringBuilder(8);
            for (int i = 7; i >= 0; i--) {
                sb.append(BASE32.charAt((int) (bits >>> (5 * i)) & 31));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
