package org.infohub.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.ValidationException;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit log: what changed, and filters an administrator combines. */
class AuditLogTest {
    private static HubDatabase db;

    @BeforeAll
    static void database() {
        db = TestDatabase.fresh("audit_log_test");
        AuditLog nov = new AuditLog(db.jdbc(), Clock.fixed(Instant.parse("2026-11-10T10:00:00Z"), ZoneOffset.UTC));
        AuditLog dec = new AuditLog(db.jdbc(), Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
        nov.record("console:ann", "organisation.update", "organisation", "Bank One", "name=Bank One; sector=finance",
                "name=Bank One; sector=insurance");
        nov.record("console:ann", "release.publish", "release", "7", "state=DRAFT", "state=PUBLISHED");
        dec.record("cli:root", "release.edit", "release", "8", "title: a -> b", "saved");
        dec.record("console:bob", "representative.suspend", "representative", "alice@bank.example", "status=active",
                "status=suspended");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static long count(String search) {
        return new AuditLog(db.jdbc(), Clock.systemUTC()).page(search, "at", true, 1, 50).total();
    }

    @Test
    void anUpdateShouldKeepOnlyTheFieldsThatChanged() {
        AuditLog.Entry e = new AuditLog(db.jdbc(), Clock.systemUTC()).page("on:organisation", "at", true, 1, 5).rows().get(0);

        assertThat(e.before()).isEqualTo("sector=finance");
        assertThat(e.after()).isEqualTo("sector=insurance");
        assertThat(AuditLog.link(e)).isEqualTo("/console/organisations?q=Bank+One");
    }

    @Test
    void filtersShouldCombine() {
        assertThat(count("")).isEqualTo(4);
        assertThat(count("action:release")).isEqualTo(2);
        assertThat(count("action:release actor:ann")).isEqualTo(1);
        assertThat(count("on:representative")).isEqualTo(1);
        assertThat(count("on:alice@bank.example")).isEqualTo(1);
        assertThat(count("after:2026-11-30")).isEqualTo(2);
        assertThat(count("before:2026-11-10")).isEqualTo(2);
        assertThat(count("after:2026-11-01 before:2026-11-30 insurance")).isEqualTo(1);
        assertThatThrownBy(() -> count("after:yesterday")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("2026-11-30");
    }
}
