package org.infohub.core.member;

import java.util.Locale;
import java.util.Optional;

/** How a representative takes a list's posts. Without a stored choice: {@link #IMMEDIATE}. */
public enum DeliveryMode {
    IMMEDIATE, DIGEST, OFF;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryMode> parse(String text) {
        for (DeliveryMode m : values()) {
            if (m.code().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
