package org.infohub.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void foldersAndFilesShouldBeTheOwnersOnlyEvenWhenTheyExistedOpen() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path wasOpen = Files.writeString(open.resolve("secret.txt"), "old");
        Files.setPosixFilePermissions(wasOpen, PosixFilePermissions.fromString("rw-rw-rw-"));

        PrivateFiles.directory(open);
        PrivateFiles.writeString(wasOpen, "new", StandardCharsets.UTF_8);
        Path fresh = PrivateFiles.directory(tmp.resolve("a/b/c"));
        PrivateFiles.copy(wasOpen, fresh.resolve("copy.txt"));

        assertThat(mode(open)).isEqualTo("rwx------");
        assertThat(mode(wasOpen)).isEqualTo("rw-------");
        assertThat(Files.readString(wasOpen)).isEqualTo("new");
        assertThat(mode(fresh)).isEqualTo("rwx------");
        assertThat(mode(fresh.resolve("copy.txt"))).isEqualTo("rw-------");
        assertThat(Files.readString(fresh.resolve("copy.txt"))).isEqualTo("new");
    }
}
