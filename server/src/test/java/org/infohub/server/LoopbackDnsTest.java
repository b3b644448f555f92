package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.jspf.impl.SPF;
import org.infohub.core.config.HubConfig.HostAndPort;
import org.infohub.mailet.trust.HubDns;
import org.junit.jupiter.api.Test;

/** The loopback DNS stub answers the hub's resolver and jSPF the way a real server would. */
class LoopbackDnsTest {
    @Test
    void stubRecordsShouldBeFoundByTheHubResolverAndDriveSpf() throws Exception {
        try (LoopbackDns dns = LoopbackDns.passingLoopback()) {
            dns.txt("forged.example", "v=spf1 ip4:192.0.2.1 -all");
            int port = Integer.parseInt(dns.server().substring(dns.server().indexOf(':') + 1));
            HubDns hub = new HubDns(List.of(new HostAndPort("127.0.0.1", port)));
            assertThat(hub.txt("bank.example")).containsExactly("v=spf1 ip4:127.0.0.0/8 -all");
            assertThat(hub.txt("_dmarc.bank.example")).isEmpty();
            String key = "v=DKIM1; k=rsa; p=" + "A".repeat(600);
            dns.txt("s1._domainkey.bank.example", key);
            assertThat(hub.txt("s1._domainkey.bank.example")).as("longer than a UDP answer: over TCP").containsExactly(key);
            SPF spf = new SPF(hub.spf());
            assertThat(spf.checkSPF("127.0.0.1", "alice@bank.example", "client.example").getResult()).isEqualTo("pass");
            assertThat(spf.checkSPF("127.0.0.1", "alice@forged.example", "client.example").getResult()).isEqualTo("fail");
        }
    }
}
