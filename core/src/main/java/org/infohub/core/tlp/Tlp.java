package org.infohub.core.tlp;

import java.util.Locale;
import java.util.Optional;

/** Traffic Light Protocol 2.0 labels, from least to most restrictive. */
public enum Tlp {
    CLEAR("TLP:CLEAR"),
    GREEN("TLP:GREEN"),
    AMBER("TLP:AMBER"),
    AMBER_STRICT("TLP:AMBER+STRICT"),
    RED("TLP:RED");

    private final String label;

    Tlp(String label) {
        this.label = label;
    }

    /** The label as written in mail, such as {@code TLP:AMBER+STRICT}. */
    public String label() {
        return label;
    }

    /** The label without its prefix, as stored: {@code AMBER+STRICT}. */
    public String code() {
        return label.substring(4);
    }

    public boolean isMoreRestrictiveThan(Tlp other) {
        return ordinal() > other.ordinal();
    }

    /**
     * Reads a label with or without the {@code TLP:} prefix, in any case. {@code WHITE} (TLP 1.0)
     * reads as {@code CLEAR}.
     */
    public static Optional<Tlp> fromLabel(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("TLP:")) {
            t = t.substring(4).trim();
        }
        switch (t) {
            case "CLEAR":
            case "WHITE":
                return Optional.of(CLEAR);
            case "GREEN":
                return Optional.of(GREEN);
            case "AMBER":
                return Optional.of(AMBER);
            case "AMBER+STRICT":
            case "AMBER_STRICT":
                return Optional.of(AMBER_STRICT);
            case "RED":
                return Optional.of(RED);
            default:
                return Optional.empty();
        }
    }

    /** What the label asks of a reader, after FIRST's TLP 2.0 definitions, in their language. */
    public String meaning(org.infohub.core.i18n.Messages messages) {
        return messages.get("tlp.meaning." + name());
    }
}
