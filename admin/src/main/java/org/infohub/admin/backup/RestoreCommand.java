package org.infohub.admin.backup;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.infohub.admin.ConfigOptions;
import org.infohub.admin.ExitCodes;
import org.infohub.core.backup.Snapshot;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./infohub restore DIR}: puts a backup onto a hub whose database holds nothing yet (a new
 * data directory, or an empty external MariaDB): the schema by the same migrations, then every
 * row; the DKIM key and TLS key store where the configuration expects them. The server rebuilds
 * the search index at its next start.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup made by 'backup' onto an empty hub (a new data directory).")
public class RestoreCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the backup's folder")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path manifestFile = dir.resolve("manifest.properties");
        if (!Files.isRegularFile(manifestFile) || !Files.isDirectory(dir.resolve("db"))) {
            err.println("infohub: " + dir + " is not a backup (no manifest.properties and db/)");
            return ExitCodes.REFUSED;
        }
        Properties manifest = new Properties();
        try (var r = Files.newBufferedReader(manifestFile)) {
            manifest.load(r);
        }
        HubConfig config = options.load();
        try (HubDatabase db = HubDatabase.openForTool(config)) {
            String schema = Snapshot.schemaVersion(db.jdbc().dataSource());
            if (!schema.equals(manifest.getProperty("schema"))) {
                err.println("infohub: the backup has schema " + manifest.getProperty("schema") + ", this release " + schema
                        + ": restore with the release that made it, then upgrade");
                return ExitCodes.REFUSED;
            }
            long held = db.jdbc().queryLong("SELECT (SELECT COUNT(*) FROM organisation) + (SELECT COUNT(*) FROM submission) "
                    + "+ (SELECT COUNT(*) FROM representative)");
            if (held > 0) {
                err.println("infohub: this hub's database already holds data (" + held + " organisations, representatives "
                        + "and posts): restore onto a new data directory or an empty database");
                return ExitCodes.REFUSED;
            }
            Map<String, Long> expected = new java.util.HashMap<>();
            for (String key : manifest.stringPropertyNames()) {
                if (key.startsWith("rows.")) {
                    expected.put(key.substring(5), Long.parseLong(manifest.getProperty(key).trim()));
                }
            }
            Map<String, Long> counts;
            try {
                counts = Snapshot.load(db.jdbc().dataSource(), dir, line -> out.println("  " + line), expected);
            } catch (java.io.IOException e) {
                // rolled back whole: the database is as empty as before and a good backup can follow
                err.println("infohub: " + e.getMessage());
                return ExitCodes.UNAVAILABLE;
            }
            restoreFile(dir.resolve("files").resolve("dkim.pem"), config.dkimKey(), "DKIM key", out, err);
            if (config.trust().tlsKeystore().isPresent()) {
                restoreFile(dir.resolve("files").resolve("tls.p12"), config.trust().tlsKeystore().get(), "TLS key store", out,
                        err);
            }
            out.println("Restored " + counts.getOrDefault("submission", 0L) + " posts, " + counts.getOrDefault("organisation", 0L)
                    + " organisations, " + counts.getOrDefault("representative", 0L) + " representatives; the server rebuilds "
                    + "the search index when it starts. The backup's configuration is in " + dir.resolve("files"));
        }
        return ExitCodes.OK;
    }

    private static void restoreFile(Path from, Path to, String name, PrintWriter out, PrintWriter err) throws java.io.IOException {
        if (!Files.isRegularFile(from)) {
            return;
        }
        if (Files.exists(to) && !java.util.Arrays.equals(Files.readAllBytes(from), Files.readAllBytes(to))) {
            err.println("infohub: " + to + " exists and differs from the backup's " + name + ": left as it is");
            return;
        }
        Files.createDirectories(to.toAbsolutePath().getParent());
        org.infohub.core.files.PrivateFiles.copy(from, to);
        out.println("  " + name + ": " + to);
    }
}
