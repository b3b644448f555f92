package org.infohub.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded MariaDB checks passwords and keeps its secrets and socket to the hub's own user. */
class EmbeddedMariaDbTest {
    @TempDir
    Path dir;

    @Test
    void theEmbeddedServerShouldCheckPasswordsAndKeepItsFilesToTheOwner() throws Exception {
        Path mariadb = dir.resolve("mariadb");
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(mariadb, 0)) {
            EmbeddedMariaDb.Credentials login = db.credentials();

            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(""), "root", "").close())
                    .as("root without a password").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(""), "", "").close())
                    .as("an anonymous user").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(""), login.user(), "wrong").close())
                    .isInstanceOf(SQLException.class);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(""), login.user(), login.password())) {
                assertThat(c.isValid(2)).isTrue();
            }
            assertThat(Files.getPosixFilePermissions(mariadb.resolve("credentials")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(mariadb)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(mariadb.resolve("mysqld.sock")).exists();
            assertThat(mariadb.resolve("init.sql")).doesNotExist();
            long pid = Long.parseLong(Files.readString(mariadb.resolve("mysqld.pid")).trim());
            assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(a -> String.join(" ", a)).orElse(""))
                    .doesNotContain("skip-grant-tables");
        }

        try (EmbeddedMariaDb again = EmbeddedMariaDb.start(mariadb, 0)) {
            assertThat(again.credentials()).as("the same user after a restart")
                    .isEqualTo(EmbeddedMariaDb.Credentials.read(mariadb).orElseThrow());
            try (Connection c = DriverManager.getConnection(again.jdbcUrl(""), again.credentials().user(),
                    again.credentials().password())) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
    }
}
