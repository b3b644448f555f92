package org.infohub.core.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import org.infohub.core.db.Migrations;

/**
 * Checks a backup folder without a database: every file against the SHA-256 its manifest recorded,
 * every table's file read whole (gzip trailer included) with its row count against the manifest's,
 * every row's field count against its header and every field as base64 or NULL, and the schema
 * against this release's. Each problem names the file and, for a row, its line. {@code backup}
 * runs it on what it has just written; {@code backup verify DIR} runs it on a backup kept since.
 */
public final class BackupCheck {
    public static final String MANIFEST = "manifest.properties";
    static final String SHA = "sha256.";

    /** What a check found: problems (none for a good backup) and what was read. */
    public record Result(List<String> problems, int tables, long rows, int filesHashed, boolean hadChecksums,
                         String schema, String releaseSchema) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private BackupCheck() {
    }

    /** The SHA-256 of every file under {@code dir} but the manifest, by path relative to it ('/' separated). */
    public static Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (!rel.equals(MANIFEST)) {
                    out.put(rel, sha256(f));
                }
            }
        }
        return out;
    }

    /** Adds {@code sha256.PATH} entries for every file of the backup to its manifest. */
    public static void recordChecksums(Path dir, Properties manifest) throws IOException {
        checksums(dir).forEach((rel, sum) -> manifest.setProperty(SHA + rel, sum));
    }

    public static Result verify(Path dir, Consumer<String> progress) throws IOException {
        List<String> problems = new ArrayList<>();
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile) || !Files.isDirectory(dir.resolve("db"))) {
            problems.add(dir + " is not a backup (no " + MANIFEST + " and db/)");
            return new Result(problems, 0, 0, 0, false, "", Migrations.latestVersion());
        }
        Properties manifest = new Properties();
        try (var r = Files.newBufferedReader(manifestFile, StandardCharsets.ISO_8859_1)) {
            manifest.load(r);
        } catch (IllegalArgumentException e) {
            problems.add(manifestFile + " cannot be read: " + e.getMessage());
            return new Result(problems, 0, 0, 0, false, "", Migrations.latestVersion());
        }
        String schema = manifest.getProperty("schema", "").trim();
        String release = Migrations.latestVersion();
        if (schema.isEmpty()) {
            problems.add(manifestFile + " names no schema");
        } else if (!sameVersion(schema, release)) {
            problems.add("the backup has schema " + schema + ", this release " + release
                    + ": restore it with the release that made it (then upgrade), or check it with that release");
        }

        // Files against their recorded SHA-256: a changed or missing file, or one the manifest does not know.
        Map<String, String> recorded = new TreeMap<>();
        for (String key : manifest.stringPropertyNames()) {
            if (key.startsWith(SHA)) {
                recorded.put(key.substring(SHA.length()), manifest.getProperty(key).trim());
            }
        }
        int hashed = 0;
        if (!recorded.isEmpty()) {
            Map<String, String> present = checksums(dir);
            for (Map.Entry<String, String> e : recorded.entrySet()) {
                String now = present.get(e.getKey());
                if (now == null) {
                    problems.add(dir.resolve(e.getKey()) + " is missing (the manifest records it)");
                } else if (!now.equalsIgnoreCase(e.getValue())) {
                    problems.add(dir.resolve(e.getKey()) + " has changed since the backup was made (SHA-256 " + now
                            + ", the manifest says " + e.getValue() + ")");
                }
                hashed++;
            }
            for (String rel : present.keySet()) {
                if (!recorded.containsKey(rel)) {
                    problems.add(dir.resolve(rel) + " is not part of the backup (the manifest does not record it)");
                }
            }
            progress.accept(hashed + " files checked against their SHA-256");
        } else {
            progress.accept("no checksums recorded (a backup made before they were): tables read and counted only");
        }

        // Tables: each one the manifest counts has its file, read whole, row by row.
        Map<String, Long> expected = new TreeMap<>();
        for (String key : manifest.stringPropertyNames()) {
            if (key.startsWith("rows.")) {
                try {
                    expected.put(key.substring(5), Long.parseLong(manifest.getProperty(key).trim()));
                } catch (NumberFormatException e) {
                    problems.add(manifestFile + ": " + key + " is not a number");
                }
            }
        }
        try (var files = Files.list(dir.resolve("db"))) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String table = f.getFileName().toString().replace(".rows.gz", "");
                if (!expected.containsKey(table)) {
                    problems.add(f + " holds a table the manifest does not count");
                }
            }
        }
        long rows = 0;
        int tables = 0;
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            Path f = dir.resolve("db").resolve(e.getKey() + ".rows.gz");
            if (!Files.isRegularFile(f)) {
                problems.add(f + " is missing (the manifest counts " + e.getValue() + " rows of " + e.getKey() + ")");
                continue;
            }
            long n = readTable(f, problems);
            if (n >= 0 && n != e.getValue()) {
                problems.add(f + " holds " + n + " rows of " + e.getKey() + ", the manifest says " + e.getValue());
            }
            if (n >= 0) {
                rows += n;
            }
            tables++;
        }
        progress.accept(tables + " tables read whole, " + rows + " rows");
        return new Result(problems, tables, rows, hashed, !recorded.isEmpty(), schema, release);
    }

    /** The rows of one table's file, or -1 with the problem added when it cannot be read whole. */
    private static long readTable(Path f, List<String> problems) {
        long line = 0;
        try (InputStream in = Files.newInputStream(f);
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII))) {
            String header = r.readLine();
            line = 1;
            if (header == null) {
                return 0;
            }
            int columns = header.split("\t", -1).length;
            long n = 0;
            String row;
            Base64.Decoder b64 = Base64.getDecoder();
            while ((row = r.readLine()) != null) {
                line++;
                String[] fields = row.split("\t", -1);
                if (fields.length != columns) {
                    problems.add(f + " line " + line + ": " + fields.length + " fields, the header names " + columns);
                    return -1;
                }
                for (int i = 0; i < fields.length; i++) {
                    if (!fields[i].equals("\\N")) {
                        try {
                            b64.decode(fields[i]);
                        } catch (IllegalArgumentException e) {
                            problems.add(f + " line " + line + ", field " + (i + 1) + ": not base64 (" + e.getMessage() + ")");
                            return -1;
                        }
                    }
                }
                n++;
            }
            return n;
        } catch (IOException e) {
            problems.add(f + " cannot be read whole after line " + line + " (" + e.getMessage() + ")");
            return -1;
        }
    }

    /** Flyway keeps a version as written ({@code 032}); the release's is a number ({@code 32}). */
    static boolean sameVersion(String a, String b) {
        return a.replaceFirst("^0+(?=\\d)", "").equals(b.replaceFirst("^0+(?=\\d)", ""));
    }

    static String sha256(Path f) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(f)) {
                byte[] buf = new byte[1 << 16];
                int k;
                while ((k = in.read(buf)) > 0) {
                    md.update(buf, 0, k);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
