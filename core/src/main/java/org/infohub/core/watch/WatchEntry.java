package org.infohub.core.watch;

import java.util.Locale;
import java.util.Optional;

/** One thing an organisation registered as its own: an address range, a domain, an AS number or a name. */
public record WatchEntry(long id, long organisationId, String organisation, Type type, String value) {

    /** What kind of asset. */
    public enum Type {
        /** An address range in CIDR notation (a single address is a /32 or /128). */
        CIDR,
        /** A domain, with every subdomain. */
        DOMAIN,
        /** An autonomous system number, as AS64500. */
        ASN,
        /** A brand or product name, matched as whole words in any case. */
        NAME;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Type> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "cidr", "ip", "range", "network" -> Optional.of(CIDR);
                case "domain" -> Optional.of(DOMAIN);
                case "asn", "as" -> Optional.of(ASN);
                case "name", "brand", "product" -> Optional.of(NAME);
                default -> Optional.empty();
            };
        }
    }
}
