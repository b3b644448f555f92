package org.infohub.core.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold what only the hub may read (backups, exports, keys): written {@code 0600} in
 * folders made {@code 0700}, from their first byte and whatever the process's umask. A backup holds
 * every post at every label, the HMAC secrets of every link the hub mails and the password hashes:
 * readable by another local account it is a way in. On a file system without POSIX permissions the
 * folder's own protection applies.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates {@code dir} (and missing parents) and makes {@code dir} itself {@code 0700}. */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (POSIX) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
            } else {
                Files.createDirectory(dir);
            }
        }
        if (POSIX) {
            Files.setPosixFilePermissions(dir, DIR);
        }
        return dir;
    }

    /** Opens {@code file} for writing from its start, {@code 0600} before anything is written. */
    public static OutputStream create(Path file) throws IOException {
        FileAttribute<?>[] attrs = POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
        if (!Files.exists(file)) {
            Files.createFile(file, attrs);
        }
        ownerOnly(file);
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Writes {@code text} to {@code file}, {@code 0600}. */
    public static void writeString(Path file, String text, Charset charset) throws IOException {
        try (OutputStream out = create(file)) {
            out.write(text.getBytes(charset));
        }
    }

    /** Copies {@code from} to {@code to} (replacing it), the copy {@code 0600}. */
    public static void copy(Path from, Path to) throws IOException {
        try (OutputStream out = create(to)) {
            Files.copy(from, out);
        }
    }

    /** Makes an existing file {@code 0600}. */
    public static void ownerOnly(Path file) {
        if (POSIX) {
            try {
                Files.setPosixFilePermissions(file, FILE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
