package org.infohub.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void loadShouldGiveTheDocumentedDefaults() {
        HubConfig c = HubConfigLoader.load(Optional.empty(), Map.of());

        assertThat(c.domain()).isEqualTo("hub.localhost");
        assertThat(c.smtpPort()).isEqualTo(2525);
        assertThat(c.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(c.embeddedDatabase()).isTrue();
        assertThat(c.smarthost()).isEmpty();
        assertThat(c.defaultTlp()).isEqualTo(Tlp.AMBER);
        assertThat(c.archiveUrl()).isEqualTo("http://hub.localhost/archive");
    }

    @Test
    void commandLineShouldOverrideTheFile() throws IOException {
        Path file = dir.resolve("infohub.properties");
        Files.writeString(file, "hub.domain=hub.example.org\nsmtp.port=2600\nsmtp.smarthost=relay.example.org:25\n");

        HubConfig c = HubConfigLoader.load(Optional.of(file), Map.of(HubConfigLoader.SMTP_PORT, "2700"));

        assertThat(c.domain()).isEqualTo("hub.example.org");
        assertThat(c.smtpPort()).isEqualTo(2700);
        assertThat(c.smarthost()).contains(new HubConfig.HostAndPort("relay.example.org", 25));
    }

    @Test
    void loadShouldListEveryProblemInOneMessage() throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "hub.domain=not a domain\nsmtp.port=99999\nsmtp.smarthost=nohostport\n"
                + "db.url=postgres://x\ntlp.default=RED\nsmtp.max.message.kb=-1\nsmpt.port=25\nlog.format=xml\n");

        assertThatThrownBy(() -> HubConfigLoader.load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(8))
                .hasMessageContaining("8 problems")
                .hasMessageContaining("log.format = 'xml' must be text")
                .hasMessageContaining("hub.domain = 'not a domain' is not a domain name")
                .hasMessageContaining("smtp.port = '99999' is not a port")
                .hasMessageContaining("smtp.smarthost = 'nohostport' must be HOST:PORT")
                .hasMessageContaining("db.url = 'postgres://x' is not a MariaDB JDBC URL")
                .hasMessageContaining("tlp.default = 'RED' must be one of CLEAR, GREEN, AMBER, AMBER+STRICT")
                .hasMessageContaining("smtp.max.message.kb = '-1' must be a whole number above 0")
                .hasMessageContaining("unknown setting 'smpt.port'");
    }

    @Test
    void loadShouldReportAMissingFile() {
        assertThatThrownBy(() -> HubConfigLoader.load(Optional.of(dir.resolve("none.properties")), Map.of()))
                .hasMessageContaining("none.properties cannot be read");
    }

    @Test
    void theDatabasePasswordShouldComeFromItsFileAndTheLimitsFromTheirSettings() throws IOException {
        Path secret = Files.writeString(dir.resolve("db.password"), "s3cret-from-file\n");
        Path file = dir.resolve("with-secret.properties");
        Files.writeString(file, "db.url=jdbc:mariadb://db.example.org:3306/infohub\ndb.password.file=" + secret
                + "\nsmtp.max.line.octets=2000\npipeline.mail.budget.seconds=30\n");

        HubConfig c = HubConfigLoader.load(Optional.of(file), Map.of());

        assertThat(c.dbPassword()).isEqualTo("s3cret-from-file");
        assertThat(c.limits().maxLineOctets()).isEqualTo(2000);
        assertThat(c.limits().mailBudget()).hasSeconds(30);
        assertThat(HubConfigLoader.load(Optional.empty(), Map.of()).limits().maxLineOctets()).isEqualTo(8192);
        Files.writeString(file, "db.password=inline\ndb.password.file=" + secret + "\n");
        assertThatThrownBy(() -> HubConfigLoader.load(Optional.of(file), Map.of())).hasMessageContaining("not both");
        Files.writeString(file, "db.password.file=" + dir.resolve("missing") + "\nsmtp.max.line.octets=100\n");
        assertThatThrownBy(() -> HubConfigLoader.load(Optional.of(file), Map.of()))
                .hasMessageContaining("cannot be read").hasMessageContaining("between 998");
    }
}
