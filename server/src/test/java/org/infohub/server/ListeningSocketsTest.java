package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server and console processes listen on the ports in their configuration and on no other:
 * read from outside, as a local account would, from the kernel's socket tables
 * ({@code /proc/PID/net/tcp}, {@code tcp6}) matched against the process's own descriptors. (James's
 * embedded ActiveMQ broker used to open an OpenWire listener on a random port, with no credentials.)
 */
class ListeningSocketsTest {
    @TempDir
    static Path dataDir;

    private static int freePort() throws IOException {
        return MailFixture.freePort();
    }

    /** The TCP ports process {@code pid} listens on. */
    static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                // local_address is HEXIP:HEXPORT, st 0A is LISTEN, the tenth column the inode
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    @Test
    void theServerShouldListenOnlyOnItsConfiguredPorts() throws Exception {
        int smtp = freePort();
        int metrics = freePort();
        Path config = dataDir.resolve("ports.properties");
        Files.writeString(config, "smtp.bind=127.0.0.1\nmetrics.port=" + metrics + "\ndb.url="
                + TestDatabase.freshUrl("ports") + "\ndb.user=" + TestDatabase.user() + "\ndb.password="
                + TestDatabase.password() + "\n");
        Process server = ChildServer.start(dataDir, config, smtp, freePort(), "ports");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                try (Socket s = new Socket("127.0.0.1", metrics)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });

            assertThat(listeningPorts(server.pid())).as("the server's listening TCP ports").containsExactlyInAnyOrder(smtp,
                    metrics);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void theConsoleShouldListenOnlyOnItsConfiguredPorts() throws Exception {
        try (ConsoleProcess console = ConsoleProcess.start(TestDatabase.freshUrl("ports_console"), dataDir)) {
            assertThat(listeningPorts(console.pid())).as("the console's listening TCP ports")
                    .containsExactlyInAnyOrder(console.port(), console.publicPort());
        }
    }
}
