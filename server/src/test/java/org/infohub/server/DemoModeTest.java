package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.trust.SmtpPasswords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/** Demo mode gives passwords equal to addresses, so it must never run on a hub with real members. */
class DemoModeTest {
    @TempDir
    Path dataDir;

    @Test
    void demoModeShouldRefuseADataDirectoryHoldingRealMembersAndGiveThemNoPassword() throws Exception {
        GreenMail smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("demo_refuses");
        try (HubDatabase db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2)) {
            Members.load(db.jdbc());
            HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of(HubConfigLoader.DEMO, "true",
                    HubConfigLoader.DEMO_SMTP_PORT, Integer.toString(MailFixture.freePort()),
                    HubConfigLoader.DEMO_IMAP_PORT, Integer.toString(MailFixture.freePort())));

            assertThatThrownBy(() -> new HubServer(config).start()).hasMessageContaining("demo mode refuses to start")
                    .hasMessageContaining("not demo members");

            SmtpPasswords passwords = new SmtpPasswords(db.jdbc(), new org.infohub.core.audit.AuditLog(db.jdbc(),
                    java.time.Clock.systemUTC()), java.time.Clock.systemUTC());
            assertThat(Members.everyone()).noneMatch(passwords::hasPassword);
        } finally {
            smarthost.stop();
        }
    }
}
