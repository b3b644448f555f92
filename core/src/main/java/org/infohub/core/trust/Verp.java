package org.infohub.core.trust;

import java.util.Locale;
import java.util.Optional;

/**
 * Variable envelope return paths: list mail to {@code alice@bank.example} leaves with the envelope
 * sender {@code finance-bounces+alice=bank.example@HUB}, so a bounce names the member it is about
 * even when the bounce itself does not (Bernstein's VERP, as Mailman and ezmlm use it).
 */
public final class Verp {
    private Verp() {
    }

    public static String encode(String list, String recipient, String domain) {
        String r = recipient.toLowerCase(Locale.ROOT);
        int at = r.lastIndexOf('@');
        return list + "-bounces+" + r.substring(0, at) + "=" + r.substring(at + 1) + "@" + domain;
    }

    /** The list and member of a VERP local part such as {@code finance-bounces+alice=bank.example}. */
    public static Optional<Target> decode(String localPart) {
        String lp = localPart.toLowerCase(Locale.ROOT);
        int plus = lp.indexOf("-bounces+");
        if (plus <= 0) {
            return Optional.empty();
        }
        String member = lp.substring(plus + "-bounces+".length());
        int eq = member.lastIndexOf('=');
        if (eq <= 0 || eq == member.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Target(lp.substring(0, plus), member.substring(0, eq) + "@" + member.substring(eq + 1)));
    }

    /** A list and one member's address. */
    public record Target(String list, String member) {
    }
}
