package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The alert rules under {@code docs/prometheus/} as Prometheus itself reads them: Debian's
 * {@code promtool} checks their syntax and runs their unit tests (an outage of MariaDB while mail
 * piles up, failing copies, a mail over budget, ...). Which metrics they use is checked against a
 * live scrape in {@code MetricsTest}.
 */
class AlertRulesTest {
    private static final Path RULES = Path.of("..", "docs", "prometheus").toAbsolutePath().normalize();

    private static String promtool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theRulesAreValidAndTheirUnitTestsPass() throws Exception {
        assertThat(promtool("check", "rules", "infohub-rules.yml")).contains("SUCCESS: 10 rules found");
        assertThat(promtool("test", "rules", "infohub-rules.test.yml")).contains("SUCCESS");
    }
}
