package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.infohub.mailet.delivery.SmtpData;
import org.infohub.mailet.delivery.SmtpPool;
import org.infohub.mailet.delivery.Transaction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replies a smarthost gives to MAIL FROM are about the session, never a reason to drop a member. */
class SmtpRepliesTest {

    @ParameterizedTest
    @ValueSource(strings = {"530 5.7.0 Must issue a STARTTLS command first", "550 5.7.1 Sender rejected",
            "421 4.7.0 Try again later, closing connection", "452 4.3.1 Insufficient system storage"})
    void aRefusedMailFromShouldKeepEveryCopyForARetry(String reply) throws Exception {
        try (RecordingSmtpSink relay = RecordingSmtpSink.onLoopback().refuseMail(reply, 1);
             SmtpPool pool = new SmtpPool("127.0.0.1", relay.port(), "hub.localhost", 1, 1)) {
            Transaction t = new Transaction("finance-bounces@hub.localhost", List.of("bob@bank-one.example",
                    "carol@bank-two.example"), SmtpData.of("Subject: x".getBytes(StandardCharsets.US_ASCII), new byte[0],
                    "x".getBytes(StandardCharsets.US_ASCII)));

            SmtpPool.Outcome first = pool.send(List.of(t));
            SmtpPool.Outcome retry = pool.send(first.retry());

            assertThat(first.refused()).as("no member refused for the session's fault").isEmpty();
            assertThat(first.retry()).hasSize(1);
            assertThat(first.retry().get(0).recipients()).containsExactlyInAnyOrder("bob@bank-one.example",
                    "carol@bank-two.example");
            assertThat(retry.delivered()).as("taken when tried again").isEqualTo(2);
            assertThat(relay.transactions()).hasSize(1);
        }
    }
}
