package org.infohub.core.backup;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

/**
 * A consistent copy of the hub's database and its restoration. The dump reads every table in one
 * transaction ({@code START TRANSACTION WITH CONSISTENT SNAPSHOT}, as {@code mariadb-dump
 * --single-transaction} does) while the hub keeps taking posts; each table goes to
 * {@code db/TABLE.rows.gz}: a header of column names, then one line per row, each value Base64
 * (binary-safe, raw mail included) or {@code \N} for NULL. The schema is not dumped: a restore
 * makes it with the same migrations, then loads the rows with foreign-key checks off.
 */
public final class Snapshot {
    /** Flyway's own table: made by the migrations on restore, never loaded. */
    static final String HISTORY = "flyway_schema_history";
    private static final int BATCH = 200;

    private Snapshot() {
    }

    /** Dumps every table into {@code dir/db}; returns the row count of each, and the schema version. */
    private static final java.time.format.DateTimeFormatter TIMESTAMP_TEXT =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    public static Map<String, Long> dump(DataSource ds, Path dir, java.util.function.Consumer<String> progress)
            throws SQLException, IOException {
        org.infohub.core.files.PrivateFiles.directory(dir.resolve("db"));
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            }
            for (String table : tables(c)) {
                long n = 0;
                try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                     BufferedWriter w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(
                             org.infohub.core.files.PrivateFiles.create(dir.resolve("db").resolve(table + ".rows.gz"))), StandardCharsets.US_ASCII))) {
                    s.setFetchSize(500);
                    try (ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "`")) {
                        ResultSetMetaData md = rs.getMetaData();
                        List<String> names = new ArrayList<>();
                        boolean[] binary = new boolean[md.getColumnCount() + 1];
                        boolean[] timestamp = new boolean[md.getColumnCount() + 1];
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            names.add(md.getColumnName(i));
                            binary[i] = isBinary(md.getColumnType(i));
                            timestamp[i] = md.getColumnType(i) == Types.TIMESTAMP;
                        }
                        w.write(String.join("\t", names));
                        w.write('\n');
                        while (rs.next()) {
                            for (int i = 1; i <= names.size(); i++) {
                                if (i > 1) {
                                    w.write('\t');
                                }
                                // Binary columns as they are; the rest as their text (dates, numbers, strings).
                                byte[] v;
                                if (binary[i]) {
                                    v = rs.getBytes(i);
                                } else if (timestamp[i]) {
                                    // The driver's text of a DATETIME(3) drops a fraction's leading
                                    // zeros (.036 came back as .36, restored as .360): written here
                                    // with all six digits instead.
                                    java.time.LocalDateTime t = rs.getObject(i, java.time.LocalDateTime.class);
                                    v = t == null ? null : TIMESTAMP_TEXT.format(t).getBytes(StandardCharsets.US_ASCII);
                                } else {
                                    String t = rs.getString(i);
                                    v = t == null ? null : t.getBytes(StandardCharsets.UTF_8);
                                }
                                w.write(v == null ? "\\N" : Base64.getEncoder().encodeToString(v));
                            }
                            w.write('\n');
                            n++;
                        }
                    }
                }
                counts.put(table, n);
                progress.accept(table + ": " + n + " rows");
            }
            c.commit();
        }
        return counts;
    }

    /** Loads a dump into a database whose schema the migrations made and which holds no data yet. */
    public static Map<String, Long> load(DataSource ds, Path dir, java.util.function.Consumer<String> progress)
            throws SQLException, IOException {
        return load(ds, dir, progress, Map.of());
    }

    /**
     * Loads the dump in one transaction: a table whose row count differs from {@code expected}
     * (the manifest's), or a file that cannot be read whole, rolls everything back and is named in
     * the exception, so a failed restore leaves the database as empty as it was and can be retried.
     */
    public static Map<String, Long> load(DataSource ds, Path dir, java.util.function.Consumer<String> progress,
                                         Map<String, Long> expected) throws SQLException, IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET FOREIGN_KEY_CHECKS = 0");
                }
                List<String> present = tables(c);
                try (var files = Files.list(dir.resolve("db"))) {
                    for (Path f : files.sorted().toList()) {
                        String table = f.getFileName().toString().replace(".rows.gz", "");
                        if (!present.contains(table)) {
                            throw new IllegalStateException("the backup has a table " + table + " this release does not know");
                        }
                        try (Statement s = c.createStatement()) {
                            // Rows the migrations put there (sectors, lists, sequence): the backup's replace them.
                            s.execute("DELETE FROM `" + table + "`");
                        }
                        long n;
                        try {
                            n = loadTable(c, table, f);
                        } catch (IOException | RuntimeException e) {
                            throw new IOException(f + ": " + e.getMessage() + "; nothing was restored", e);
                        }
                        Long want = expected.get(table);
                        if (want != null && want != n) {
                            throw new IOException(f + " holds " + n + " rows of " + table + ", the manifest says " + want
                                    + "; nothing was restored");
                        }
                        counts.put(table, n);
                        progress.accept(table + ": " + n + " rows");
                    }
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("SET FOREIGN_KEY_CHECKS = 1");
                }
            }
        }
        return counts;
    }

    private static long loadTable(Connection c, String table, Path file) throws IOException, SQLException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.US_ASCII))) {
            String header = readLine(r, -1);
            if (header == null) {
                return 0;
            }
            String[] names = header.split("\t");
            Map<String, Integer> types = columnTypes(c, table);
            StringBuilder sql = new StringBuilder("INSERT INTO `" + table + "` (");
            for (int i = 0; i < names.length; i++) {
                sql.append(i == 0 ? "" : ", ").append('`').append(names[i]).append('`');
            }
            sql.append(") VALUES (").append("?, ".repeat(names.length - 1)).append("?)");
            long n = 0;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                String line;
                while ((line = readLine(r, n)) != null) {
                    String[] values = line.split("\t", -1);
                    if (values.length != names.length) {
                        throw new IOException("line " + (n + 2) + ": " + values.length + " fields, the header names " + names.length);
                    }
                    for (int i = 0; i < names.length; i++) {
                        if (values[i].equals("\\N")) {
                            ps.setNull(i + 1, types.getOrDefault(names[i], Types.VARCHAR));
                        } else {
                            byte[] bytes;
                            try {
                                bytes = Base64.getDecoder().decode(values[i]);
                            } catch (IllegalArgumentException e) {
                                throw new IOException("line " + (n + 2) + ", column " + names[i] + ": not base64", e);
                            }
                            if (isBinary(types.getOrDefault(names[i], Types.VARCHAR))) {
                                ps.setBytes(i + 1, bytes);
                            } else {
                                ps.setString(i + 1, new String(bytes, StandardCharsets.UTF_8));
                            }
                        }
                    }
                    ps.addBatch();
                    if (++n % BATCH == 0) {
                        executeBatch(ps, n);
                    }
                }
                executeBatch(ps, n);
            }
            return n;
        }
    }

    /** The next line; a file cut short (a truncated gzip) is named by the last line read whole. */
    private static String readLine(BufferedReader r, long rowsSoFar) throws IOException {
        try {
            return r.readLine();
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new IOException("cannot be read whole after line " + (rowsSoFar + 1) + " (" + e.getMessage() + ")", e);
        }
    }

    /** A batch refused by MariaDB, named by the lines its rows came from (the header is line 1). */
    private static void executeBatch(PreparedStatement ps, long rowsSoFar) throws IOException {
        try {
            ps.executeBatch();
        } catch (SQLException e) {
            long first = (rowsSoFar - 1) / BATCH * BATCH + 2;
            throw new IOException("lines " + first + ".." + (rowsSoFar + 1) + " refused by MariaDB: " + e.getMessage(), e);
        }
    }

    private static boolean isBinary(int type) {
        return type == Types.BLOB || type == Types.LONGVARBINARY || type == Types.VARBINARY || type == Types.BINARY;
    }

    private static Map<String, Integer> columnTypes(Connection c, String table) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "` LIMIT 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.put(md.getColumnName(i), md.getColumnType(i));
            }
        }
        return out;
    }

    /** The hub's tables, Flyway's own left out. */
    static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (rs.next()) {
                if (!rs.getString(1).equalsIgnoreCase(HISTORY)) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The newest migration applied, such as {@code 22}. */
    public static String schemaVersion(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT version FROM " + HISTORY + " WHERE success = 1 AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : "";
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
