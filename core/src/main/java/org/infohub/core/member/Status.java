package org.infohub.core.member;

import java.util.Locale;
import java.util.Optional;

/** Whether an organisation or a representative takes part. Suspended: no posts, no deliveries. */
public enum Status {
    ACTIVE, SUSPENDED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Status> parse(String text) {
        for (Status s : values()) {
            if (s.code().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
