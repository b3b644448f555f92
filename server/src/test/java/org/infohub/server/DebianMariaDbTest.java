package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.infohub.admin.AdminCli;
import org.infohub.core.config.HubConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The hub on an external MariaDB as production runs it: Debian's {@code mariadb-server}
 * ({@code .ci/run} installs it), started by the test on a folder of its own, the hub's database
 * reached by a dedicated user with only the grants docs/OPERATIONS.md names, never root: the
 * server migrates it, takes a post, and the command line backs it up.
 */
class DebianMariaDbTest {
    private static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

    @TempDir
    Path work;

    private static int freePort() throws IOException {
        return MailFixture.freePort();
    }

    @Test
    void theHubRunsOnDebiansMariaDbWithADedicatedLeastPrivilegeUser() throws Exception {
        assertThat(MARIADBD).as("Debian's mariadb-server (apt-get install mariadb-server; .ci/run does)").exists();
        Path datadir = Files.createDirectories(work.resolve("mariadb"));
        Process install = new ProcessBuilder(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + datadir, "--user=root",
                "--auth-root-authentication-method=normal", "--skip-test-db").redirectErrorStream(true)
                .redirectOutput(work.resolve("install.log").toFile()).start();
        assertThat(install.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(install.exitValue()).as(Files.readString(work.resolve("install.log"))).isZero();
        int port = freePort();
        Process mariadb = new ProcessBuilder(MARIADBD.toString(), "--no-defaults", "--datadir=" + datadir, "--port=" + port,
                "--bind-address=127.0.0.1", "--socket=" + datadir.resolve("mysqld.sock"), "--user=root", "--skip-log-bin",
                "--pid-file=" + datadir.resolve("mariadb.pid"), "--innodb-buffer-pool-size=64M")
                .redirectErrorStream(true).redirectOutput(work.resolve("mariadb.log").toFile()).start();
        GreenMail smarthost = MailFixture.smarthost();
        HubServer server = null;
        try {
            String admin = "jdbc:mariadb://127.0.0.1:" + port + "/";
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                if (!mariadb.isAlive()) {
                    throw new IllegalStateException("mariadbd exited: " + Files.readString(work.resolve("mariadb.log")));
                }
                try (Connection c = DriverManager.getConnection(admin, "root", "")) {
                    return c.isValid(2);
                }
            });
            try (Connection c = DriverManager.getConnection(admin, "root", ""); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE infohub CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                s.execute("CREATE USER 'infohub'@'127.0.0.1' IDENTIFIED BY 'an operator-chosen password'");
                s.execute("CREATE USER 'infohub'@'localhost' IDENTIFIED BY 'an operator-chosen password'");
                for (String host : List.of("127.0.0.1", "localhost")) {
                    s.execute("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON infohub.* "
                            + "TO 'infohub'@'" + host + "'");
                }
            }
            String url = admin + "infohub";
            Path dataDir = Files.createDirectories(work.resolve("data"));
            server = new HubServer(MailFixture.config(dataDir, Optional.empty(), smarthost, Map.of(HubConfigLoader.DB_URL, url,
                    HubConfigLoader.DB_USER, "infohub", HubConfigLoader.DB_PASSWORD, "an operator-chosen password"))).start();
            assertThat(server.database().jdbc().queryLong("SELECT COUNT(*) FROM hub_list")).isPositive();

            Path password = work.resolve("db-password");
            Files.writeString(password, "an operator-chosen password");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(AdminCli.execute(new PrintWriter(out), new PrintWriter(err), "org", "add", "North Bank", "--sector",
                    "finance", "--domains", "north.example", "--db-url", url, "--db-user", "infohub", "--db-password-file",
                    password.toString())).as(err.toString()).isZero();
            assertThat(AdminCli.execute(new PrintWriter(out), new PrintWriter(err), "backup", work.resolve("backup").toString(),
                    "--db-url", url, "--db-user", "infohub", "--db-password-file", password.toString(), "--data-dir",
                    dataDir.toString())).as(err.toString()).isZero();
            assertThat(Files.readString(work.resolve("backup/manifest.properties"), StandardCharsets.ISO_8859_1))
                    .contains("rows.organisation=1");
            try (Connection c = DriverManager.getConnection(url, "infohub", "an operator-chosen password");
                 Statement s = c.createStatement()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("CREATE DATABASE elsewhere"))
                        .as("no grant beyond the hub's database").isInstanceOf(java.sql.SQLException.class);
            }
        } finally {
            if (server != null) {
                server.stop();
            }
            smarthost.stop();
            mariadb.destroy();
            if (!mariadb.waitFor(30, TimeUnit.SECONDS)) {
                mariadb.destroyForcibly();
            }
        }
    }
}
