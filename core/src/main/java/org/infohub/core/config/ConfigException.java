package org.infohub.core.config;

import java.util.List;

/** A configuration that cannot be used; the message lists every problem, one a line. */
public class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Infohub cannot start: the configuration has " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + ":\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
