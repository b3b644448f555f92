package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.apache.activemq.ActiveMQConnectionMetaData;
import org.apache.activemq.broker.BrokerRegistry;
import org.apache.activemq.broker.BrokerService;
import org.infohub.core.config.HubConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/** What a local user of the hub's machine could reach: nothing of the hub's but its public ports. */
class LocalServicesTest {
    @TempDir
    Path dataDir;

    @Test
    void theQueueBrokerShouldBeInVmOnlyAtAFixedVersionAndTheDataDirectoryTheOwnersAlone() throws Exception {
        GreenMail smarthost = MailFixture.smarthost();
        HubConfig config = MailFixture.config(dataDir, Optional.empty(), smarthost, Map.of());
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (HubServer server = new HubServer(config).start()) {
            BrokerService broker = BrokerRegistry.getInstance().lookup("james");

            assertThat(broker).isNotNull();
            assertThat(broker.getTransportConnectors()).as("no TCP (OpenWire) connector").isEmpty();
            assertThat(ReleaseClasspathIT.compare(ActiveMQConnectionMetaData.PROVIDER_VERSION, "5.17.6"))
                    .as("CVE-2023-46604 fixed (5.17.6 or later): " + ActiveMQConnectionMetaData.PROVIDER_VERSION)
                    .isNotNegative();
            assertThat(ActiveMQConnectionMetaData.PROVIDER_VERSION).as("the version docs/DEPENDENCIES.md names").isEqualTo("5.18.7");
            assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("mariadb/credentials")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        } finally {
            smarthost.stop();
        }
    }
}
