package org.infohub.server;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The web console as it runs in production: a JVM of its own with the admin module's classpath
 * (compiled classes and third-party jars, no James), on the test's database.
 */
final class ConsoleProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final int publicPort;
    private final Path log;

    private ConsoleProcess(Process process, int port, int publicPort, Path log) {
        this.process = process;
        this.port = port;
        this.publicPort = publicPort;
        this.log = log;
    }

    static ConsoleProcess start(String dbUrl, Path dataDir) throws IOException {
        return start(dbUrl, dataDir, "");
    }

    /** The same with more settings ({@code key=value} lines) in its configuration file. */
    static ConsoleProcess start(String dbUrl, Path dataDir, String settings) throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String classpath = String.join(File.pathSeparator,
                root.resolve("admin/target/classes").toString(),
                root.resolve("core/target/classes").toString(),
                root.resolve("conf/target/classes").toString(),
                root.resolve("indexer/target/classes").toString(),
                root.resolve("admin/target/console-lib").toString() + File.separator + "*");
        int port;
        int publicPort;
        port = MailFixture.freePort();
        publicPort = MailFixture.freePort();
        Path log = Path.of("target", "console-" + port + ".log");
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The database password goes in a file of the test's own, as an operator's would, never on a command line.
        Path config = Path.of("target", "console-" + port + ".properties");
        Files.writeString(config, "db.url=" + dbUrl + "\ndb.user=" + org.infohub.core.testing.TestDatabase.user()
                + "\ndb.password=" + org.infohub.core.testing.TestDatabase.password() + "\n" + settings);
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", classpath, "org.infohub.admin.web.ConsoleMain",
                "--config", config.toString(), "--data-dir", dataDir.toString(), "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--public-bind", "127.0.0.1", "--public-port", Integer.toString(publicPort)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ConsoleProcess console = new ConsoleProcess(p, port, publicPort, log);
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the console exited: " + Files.readString(log));
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(console.url("/login"))).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            console.close();
            throw e;
        }
        return console;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    int publicPort() {
        return publicPort;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** An address on the Public Zone's own listener. */
    String publicUrl(String path) {
        return "http://127.0.0.1:" + publicPort + path;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
