package org.infohub.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipImport;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Submission passwords against guessing, with a real MariaDB. */
class SmtpPasswordsTest {
    private static HubDatabase db;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabase.fresh("smtp_passwords_test");
        new MembershipImport(db.jdbc()).load(new BufferedReader(new StringReader("""
                organisation,sector,email,name
                Bank One,finance,gus@bank-one.example,Gus
                """)));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void concurrentGuessesShouldLockTheAccountAfterFiveAndANewPasswordUnlocksIt() throws Exception {
        SmtpPasswords passwords = new SmtpPasswords(db.jdbc(), new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
        passwords.set("test", "gus@bank-one.example", "gus's correct passphrase");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            tries.add(pool.submit(() -> {
                go.await();
                return passwords.verify("gus@bank-one.example", "guess " + n).isPresent();
            }));
        }

        go.countDown();
        for (Future<Boolean> f : tries) {
            assertThat(f.get()).isFalse();
        }
        pool.shutdown();

        assertThat(db.jdbc().queryLong("SELECT smtp_failed_attempts FROM representative WHERE email = ?",
                "gus@bank-one.example")).isEqualTo(SmtpPasswords.MAX_FAILURES);
        assertThat(passwords.verify("gus@bank-one.example", "gus's correct passphrase")).as("locked").isEmpty();
        passwords.set("admin", "gus@bank-one.example", "gus's new passphrase");
        assertThat(passwords.verify("gus@bank-one.example", "gus's new passphrase")).isPresent();
    }
}
