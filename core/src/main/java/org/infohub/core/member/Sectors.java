package org.infohub.core.member;

import java.util.List;

/** The sector codes seeded by the first migration, in the programme's order. */
public final class Sectors {
    public static final List<String> CODES =
            List.of("finance", "utilities", "transport", "healthcare", "telecom", "tech", "infosec", "education");

    /** The list that reaches every sector. */
    public static final String ALL = "all";

    private Sectors() {
    }
}
