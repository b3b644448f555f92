package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class ServerCommandTest {
    @TempDir
    Path dir;

    @Test
    void badConfigurationShouldStopTheServerWithOneMessageListingEveryProblem() throws Exception {
        Path conf = dir.resolve("bad.properties");
        Files.writeString(conf, "tlp.default=PURPLE\nsmtp.max.recipients=none\n");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ServerCommand());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));

        int code = cl.execute("--config", conf.toString(), "--domain", "not a domain", "--smtp-port", "70000",
                "--data-dir", dir.resolve("data").toString());

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("the configuration has 4 problems")
                .contains("hub.domain = 'not a domain'").contains("smtp.port = '70000'")
                .contains("tlp.default = 'PURPLE'").contains("smtp.max.recipients = 'none'");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
