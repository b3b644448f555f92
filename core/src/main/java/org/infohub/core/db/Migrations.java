package org.infohub.core.db;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema's migrations, run at every start, written so that one that failed half-way can run
 * again. MariaDB commits each DDL statement on its own: a migration that stops at its third
 * statement leaves the first two done, and Flyway records it as failed and refuses every later
 * start. Every statement of every migration is therefore guarded ({@code IF NOT EXISTS},
 * {@code IF EXISTS}, {@code INSERT IGNORE}, a data copy only while its source is there;
 * {@code MigrationsTest} runs each one twice), so the next start after a fix removes the failed
 * record and runs the migration again from its first statement.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    public static final String LOCATION = "classpath:db/migration";
    /**
     * Migrations up to this version were rewritten with guards after they had shipped (issue 26):
     * the same schema, new text, so a database made before carries their old checksums. Those, and
     * only those, are realigned; a changed checksum of any other migration still stops the start.
     */
    static final int GUARDS_ADDED_UP_TO = 32;

    private Migrations() {
    }

    /**
     * Migrates {@code ds} with this release's migrations (and, for tests, further locations). The
     * usual start is one {@code migrate}; the schema history is looked into only when it refuses.
     */
    public static void migrate(DataSource ds, String... extraLocations) {
        List<String> locations = new ArrayList<>(List.of(LOCATION));
        locations.addAll(List.of(extraLocations));
        // Pending migrations are what a start is for; a migration the database has and this release lacks
        // (a newer release ran here) is not ignored, as Flyway would by default: see below.
        Flyway flyway = Flyway.configure().dataSource(ds).locations(locations.toArray(String[]::new))
                .ignoreMigrationPatterns("*:pending").load();
        try {
            flyway.migrate();
            return;
        } catch (FlywayValidateException refused) {
            if (!repairable(flyway)) {
                throw refused;
            }
        }
        flyway.repair();
        flyway.migrate();
    }

    /**
     * Why the history was refused: a failed migration (run again) or checksums of the migrations
     * rewritten with guards (realigned) are repairable, and logged; a migration from a newer release
     * or any other mismatch is thrown with what to do.
     */
    private static boolean repairable(Flyway flyway) {
        List<String> failed = new ArrayList<>();
        List<String> future = new ArrayList<>();
        for (MigrationInfo m : flyway.info().all()) {
            if (m.getState() == MigrationState.FAILED) {
                failed.add("V" + m.getVersion() + " (" + m.getDescription() + ")");
            } else if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
                future.add("V" + m.getVersion() + " (" + m.getDescription() + ")");
            }
        }
        if (!future.isEmpty()) {
            throw new IllegalStateException("this database was migrated by a newer release (" + String.join(", ", future)
                    + "): start that release, or go back by restoring the backup taken before the upgrade with this "
                    + "one onto an empty database (docs/OPERATIONS.md, Rollback)");
        }
        boolean realign = false;
        List<String> other = new ArrayList<>();
        ValidateResult validation = flyway.validateWithResult();
        for (ValidateOutput o : validation.invalidMigrations) {
            boolean checksum = o.errorDetails != null && o.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH;
            boolean failedOne = o.errorDetails != null && o.errorDetails.errorCode == CoreErrorCode.FAILED_VERSIONED_MIGRATION
                    || failed.stream().anyMatch(f -> f.startsWith("V" + o.version + " "));
            if (checksum && o.version != null && !o.version.isEmpty() && versionNumber(o.version) <= GUARDS_ADDED_UP_TO) {
                realign = true;
            } else if (!failedOne) {
                other.add("V" + o.version + ": " + (o.errorDetails == null ? "invalid" : o.errorDetails.errorMessage));
            }
        }
        if (!other.isEmpty()) {
            throw new IllegalStateException("the schema history does not match this release's migrations: " + other);
        }
        if (!failed.isEmpty()) {
            LOG.warn("migration {} failed at an earlier start and left part of its changes (MariaDB commits DDL at once); "
                    + "its record is removed and it runs again from its first statement (every statement is guarded)",
                    String.join(", ", failed));
        }
        if (realign) {
            LOG.info("the schema history's checksums of V001..V{} are realigned: this release wrote those migrations "
                    + "again with guards (IF NOT EXISTS), for the same schema", GUARDS_ADDED_UP_TO);
        }
        return !failed.isEmpty() || realign;
    }

    /** The newest migration this release ships, such as {@code 32} (what a backup's schema must be to restore here). */
    public static String latestVersion() {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("V(\\d+)__[^/]*\\.sql");
        int latest = 0;
        try {
            java.net.URL url = Migrations.class.getClassLoader().getResource("db/migration");
            if (url == null) {
                return "";
            }
            List<String> names = new ArrayList<>();
            if (url.getProtocol().equals("jar")) {
                java.net.JarURLConnection jar = (java.net.JarURLConnection) url.openConnection();
                jar.setUseCaches(false);
                try (java.util.jar.JarFile file = jar.getJarFile()) {
                    file.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.startsWith("db/migration/"))
                            .map(n -> n.substring("db/migration/".length())).forEach(names::add);
                }
            } else {
                try (var files = java.nio.file.Files.list(java.nio.file.Path.of(url.toURI()))) {
                    files.map(f -> f.getFileName().toString()).forEach(names::add);
                }
            }
            for (String n : names) {
                java.util.regex.Matcher m = name.matcher(n);
                if (m.matches()) {
                    latest = Math.max(latest, Integer.parseInt(m.group(1)));
                }
            }
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot list this release's migrations: " + e.getMessage(), e);
        }
        return latest == 0 ? "" : Integer.toString(latest);
    }

    private static int versionNumber(String version) {
        try {
            return Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
