package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup} checks what it wrote, and {@code backup verify DIR} checks a backup kept since,
 * without a database, as an operator runs it on the backup host: a good backup checks out; a cut
 * file, a corrupt row, a changed or an added file are each named (the file, and the line of a row)
 * with exit 1; the restore of a cut backup names the file and the line and restores nothing.
 */
class BackupVerifyTest {
    @TempDir
    Path work;

    private Path passwordFile;
    private String url;
    private Path backup;

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private String[] db(Path dataDir, String... rest) {
        List<String> a = new ArrayList<>(List.of(rest));
        a.addAll(List.of("--db-url", url, "--db-user", TestDatabase.user(), "--db-password-file", passwordFile.toString(),
                "--data-dir", dataDir.toString()));
        return a.toArray(new String[0]);
    }

    @BeforeEach
    void aBackupOfAHubWithMembers() throws Exception {
        passwordFile = work.resolve("db-password");
        Files.writeString(passwordFile, TestDatabase.password());
        url = TestDatabase.freshUrl("verify_" + Long.toHexString(System.nanoTime()));
        try (HubDatabase db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2)) {
            MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(db.jdbc()),
                    new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
            admin.createOrganisation("test", "North Bank", "finance", List.of("north.example"));
            admin.addRepresentative("test", "nina@north.example", "Nina", "North Bank");
            admin.createOrganisation("test", "West Bank", "finance", List.of("west.example"));
            admin.addRepresentative("test", "wes@west.example", "Wes", "West Bank");
        }
        backup = work.resolve("backup");
        CliRun made = cli(db(Files.createDirectories(work.resolve("data")), "backup", backup.toString()));
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("checked: every table read back").contains("with their SHA-256 in the manifest");
    }

    @Test
    void aGoodBackupChecksOutWithoutADatabase() {
        CliRun r = cli("backup", "verify", backup.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("checks out").contains("files matching their SHA-256").contains("which this release restores");
    }

    @Test
    void aCutTableFileIsNamedByVerifyAndByRestoreWhichRestoresNothing() throws Exception {
        Path sector = backup.resolve("db/sector.rows.gz");
        byte[] whole = Files.readAllBytes(sector);
        Files.write(sector, java.util.Arrays.copyOf(whole, whole.length - 12)); // the gzip trailer and some data gone

        CliRun r = cli("backup", "verify", backup.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(sector + " has changed since the backup was made")
                .contains(sector + " cannot be read whole after line").contains("does not check out");

        String restoredUrl = TestDatabase.freshUrl("verify_restore_" + Long.toHexString(System.nanoTime()));
        String savedUrl = url;
        url = restoredUrl;
        CliRun restore = cli(db(work.resolve("restored"), "restore", backup.toString()));
        url = savedUrl;
        assertThat(restore.code()).isEqualTo(3);
        assertThat(restore.err()).contains("sector.rows.gz").contains("cannot be read whole after line").contains("nothing was restored");
        try (HubDatabase db = HubDatabase.connect(restoredUrl, TestDatabase.user(), TestDatabase.password(), 1)) {
            assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM representative")).isZero();
        }
    }

    @Test
    void aCorruptRowInABackupWithoutChecksumsIsNamedByItsLine() throws Exception {
        Path sector = backup.resolve("db/sector.rows.gz");
        List<String> lines = new ArrayList<>(List.of(new String(gunzip(sector), StandardCharsets.US_ASCII).split("\n")));
        assertThat(lines.size()).isGreaterThan(3);
        String[] fields = lines.get(2).split("\t", -1);
        fields[0] = "not*base64!";
        lines.set(2, String.join("\t", fields));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(sector))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        // As a backup made before checksums were recorded: the rows alone must show it.
        Path manifest = backup.resolve("manifest.properties");
        List<String> kept = Files.readAllLines(manifest, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> !l.startsWith("sha256.")).toList();
        Files.write(manifest, kept, StandardCharsets.ISO_8859_1);

        CliRun r = cli("backup", "verify", backup.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("no checksums recorded");
        assertThat(r.err()).contains(sector + " line 3, field 1: not base64");
    }

    @Test
    void aChangedFileAnAddedOneAndARemovedOneAreEachNamed() throws Exception {
        Path removed = backup.resolve("db/organisation.rows.gz");
        Files.delete(removed);
        Files.writeString(backup.resolve("db/stray.rows.gz"), "x");
        // The same rows written again (another gzip stream): readable, but not the file the backup made.
        Path changed = backup.resolve("db/representative.rows.gz");
        byte[] rows = gunzip(changed);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(changed)) {
            {
                def.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            }
        }) {
            out.write(rows);
        }
        CliRun r = cli("backup", "verify", backup.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(removed + " is missing").contains(backup.resolve("db/stray.rows.gz") + " is not part of the backup")
                .contains("holds a table the manifest does not count").contains(changed + " has changed since the backup was made")
                .doesNotContain(changed + " cannot be read");
    }

    @Test
    void aFolderThatIsNoBackupIsRefused() throws IOException {
        CliRun r = cli("backup", "verify", Files.createDirectories(work.resolve("empty")).toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("is not a backup");
    }

    private static byte[] gunzip(Path f) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
