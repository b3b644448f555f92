package org.infohub.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Console sign-in against password guessing, with a real MariaDB. */
class AdminUsersTest {
    private static HubDatabase db;

    @BeforeAll
    static void database() {
        db = TestDatabase.fresh("admin_users_test");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void concurrentWrongPasswordsShouldNotAllBeCheckedAndEveryAttemptIsAudited() throws Exception {
        AdminUsers users = new AdminUsers(db.jdbc(), new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
        users.create("test", "zed", "a long correct password");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AdminUsers.SignIn>> tries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            tries.add(pool.submit(() -> {
                go.await();
                return users.signIn("zed", "guess number " + n);
            }));
        }

        go.countDown();
        for (Future<AdminUsers.SignIn> f : tries) {
            assertThat(f.get().ok()).isFalse();
        }
        pool.shutdown();

        long checked = db.jdbc().queryLong("SELECT COUNT(*) FROM audit_log WHERE action = 'admin.sign-in.failed' "
                + "AND entity_key = 'zed' AND after_state = 'wrong password'");
        long turnedAway = db.jdbc().queryLong("SELECT COUNT(*) FROM audit_log WHERE action = 'admin.sign-in.failed' "
                + "AND entity_key = 'zed' AND after_state = 'account locked'");
        assertThat(checked).as("passwords checked").isEqualTo(AdminUsers.MAX_FAILURES);
        assertThat(turnedAway).isEqualTo(20 - AdminUsers.MAX_FAILURES);
        assertThat(users.signIn("zed", "a long correct password").ok()).as("locked, even with the right password").isFalse();
    }
}
