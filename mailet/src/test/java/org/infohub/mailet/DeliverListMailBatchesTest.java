package org.infohub.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DeliverListMailBatchesTest {
    private static Map<String, List<String>> domains() {
        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        byDomain.put("a.example", List.of("a1@a.example", "a2@a.example", "a3@a.example", "a4@a.example"));
        byDomain.put("b.example", List.of("b1@b.example", "b2@b.example"));
        byDomain.put("c.example", List.of("c1@c.example"));
        byDomain.put("d.example", List.of("d1@d.example"));
        return byDomain;
    }

    @Test
    void toASmarthostSmallDomainsShareTransactionsAndNoneHoldsMoreThanTheLimit() {
        assertThat(DeliverListMail.batches(domains(), 3, true)).containsExactly(
                List.of("a1@a.example", "a2@a.example", "a3@a.example"),
                List.of("a4@a.example", "b1@b.example", "b2@b.example"),
                List.of("c1@c.example", "d1@d.example"));
        assertThat(DeliverListMail.batches(domains(), 100, true)).hasSize(1).allMatch(b -> b.size() == 8);
    }

    @Test
    void straightToTheMembersServersEachDomainHasTransactionsOfItsOwn() {
        assertThat(DeliverListMail.batches(domains(), 3, false)).containsExactly(
                List.of("a1@a.example", "a2@a.example", "a3@a.example"), List.of("a4@a.example"),
                List.of("b1@b.example", "b2@b.example"), List.of("c1@c.example"), List.of("d1@d.example"));
    }

    @Test
    void theVerpShareRotatesSoEveryMemberGetsOneEveryPeriodPosts() {
        assertThat(DeliverListMail.verpPeriod(0.1)).isEqualTo(10);
        assertThat(DeliverListMail.verpPeriod(0)).isZero();
        assertThat(DeliverListMail.verpPeriod(1)).isEqualTo(1);
    }
}
