package org.infohub.admin.backup;

import java.io.PrintWriter;
import java.nio.file.Files;
import org.infohub.core.files.PrivateFiles;
import java.nio.file.Path;
import java.time.Instant;
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
 * {@code ./infohub backup DIR}: a consistent snapshot of a running (or stopped) hub: MariaDB in
 * one transaction (membership, archive, releases, audit log, the HMAC secrets), the
 * configuration file, the DKIM key and the TLS key store. The search index is not copied: a
 * restored hub rebuilds it.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, subcommands = BackupVerifyCommand.class,
        description = {"Take a consistent backup of the hub into DIR (a new or empty folder), then check it.",
                "backup verify DIR checks a backup kept since, without a database."})
public class BackupCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "where the backup goes: a new or empty folder")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (dir == null) {
            err.println("infohub: backup needs DIR, the folder the backup goes into (or: backup verify DIR)");
            return ExitCodes.USAGE;
        }
        if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
            err.println("infohub: " + dir + " is not an empty folder: a backup goes into a new or empty one");
            return ExitCodes.REFUSED;
        }
        HubConfig config = options.load();
        // Every post at every label, the links' secrets and password hashes: 0700 folders, 0600 files.
        PrivateFiles.directory(dir);
        PrivateFiles.directory(dir.resolve("files"));
        Map<String, Long> counts;
        String schema;
        try (HubDatabase db = HubDatabase.openForTool(config)) {
            schema = Snapshot.schemaVersion(db.jdbc().dataSource());
            counts = Snapshot.dump(db.jdbc().dataSource(), dir, line -> out.println("  " + line));
        }
        Properties manifest = new Properties();
        manifest.setProperty("made", Instant.now().toString());
        manifest.setProperty("schema", schema);
        counts.forEach((table, n) -> manifest.setProperty("rows." + table, Long.toString(n)));
        copy(options.configFile(), dir.resolve("files").resolve("infohub.properties"), "configuration", manifest, out);
        copy(config.dkimKey(), dir.resolve("files").resolve("dkim.pem"), "dkim", manifest, out);
        if (config.trust().tlsKeystore().isPresent()) {
            copy(config.trust().tlsKeystore().get(), dir.resolve("files").resolve("tls.p12"), "tls", manifest, out);
        }
        // Every file's SHA-256 in the manifest: the backup can be checked without a database, now and later.
        org.infohub.core.backup.BackupCheck.recordChecksums(dir, manifest);
        try (var w = new java.io.OutputStreamWriter(PrivateFiles.create(dir.resolve("manifest.properties")),
                java.nio.charset.StandardCharsets.ISO_8859_1)) {
            manifest.store(w, "Infohub backup");
        }
        org.infohub.core.backup.BackupCheck.Result check = org.infohub.core.backup.BackupCheck.verify(dir, line -> { });
        if (!check.ok()) {
            check.problems().forEach(p -> err.println("infohub: " + p));
            err.println("infohub: the backup in " + dir + " does not check out: do not rely on it");
            return ExitCodes.UNAVAILABLE;
        }
        out.println("Backup in " + dir + ": " + counts.getOrDefault("submission", 0L) + " posts, "
                + counts.getOrDefault("organisation", 0L) + " organisations, " + counts.getOrDefault("representative", 0L)
                + " representatives, " + counts.values().stream().mapToLong(Long::longValue).sum() + " rows in "
                + counts.size() + " tables (schema " + schema + "), checked: every table read back, " + check.filesHashed()
                + " files with their SHA-256 in the manifest. Restore with ./infohub restore " + dir);
        return ExitCodes.OK;
    }

    private static void copy(Path from, Path to, String name, Properties manifest, PrintWriter out) throws java.io.IOException {
        if (from != null && Files.isRegularFile(from)) {
            PrivateFiles.copy(from, to);
            manifest.setProperty("file." + name, to.getFileName().toString());
            out.println("  " + name + ": " + from);
        }
    }
}
