package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.infohub.mailet.delivery.SmtpData;
import org.infohub.mailet.delivery.SmtpConnection;
import org.infohub.mailet.delivery.SmtpPool;
import org.infohub.mailet.delivery.Transaction;
import org.junit.jupiter.api.Test;
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
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            pool.onSessionFailure(failures::add);
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
            assertThat(failures).as("counted for /metrics").containsExactly("mail-from-refused");
        }
    }

    private static Transaction transaction() {
        return new Transaction("finance-bounces@hub.localhost", List.of("bob@bank-one.example", "carol@bank-two.example"),
                SmtpData.of("Subject: x".getBytes(StandardCharsets.US_ASCII), new byte[0], "x".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aServerThatStallsAfterTheMessageShouldCostOneTimeoutAndLoseNobody() throws Exception {
        try (RecordingSmtpSink relay = RecordingSmtpSink.onLoopback().stallAtEnd(1);
             SmtpPool pool = new SmtpPool("127.0.0.1", relay.port(), "hub.localhost", 1, 1, null,
                     SmtpConnection.Timeouts.RFC_5321.capped(java.time.Duration.ofSeconds(2)))) {
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            pool.onSessionFailure(failures::add);
            long t0 = System.nanoTime();
            SmtpPool.Outcome first = pool.send(List.of(transaction()));
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;

            assertThat(seconds).as("ended by the end-of-data timeout, not the 10 minutes of RFC 5321").isLessThan(30);
            assertThat(first.refused()).isEmpty();
            assertThat(first.delivered()).isZero();
            assertThat(first.retry()).hasSize(1);
            assertThat(first.retry().get(0).recipients()).containsExactlyInAnyOrder("bob@bank-one.example",
                    "carol@bank-two.example");
            assertThat(pool.send(first.retry()).delivered()).as("taken when tried again").isEqualTo(2);
            assertThat(failures).containsExactly("timeout");
        }
    }

    @Test
    void a421AfterRcptShouldKeepEveryCopyForARetry() throws Exception {
        try (RecordingSmtpSink relay = new RecordingSmtpSink("127.0.0.1", 0, false).closeAtRcpt(2);
             SmtpPool pool = new SmtpPool("127.0.0.1", relay.port(), "hub.localhost", 1, 1)) {
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            pool.onSessionFailure(failures::add);
            SmtpPool.Outcome first = pool.send(List.of(transaction()));

            assertThat(failures).containsExactly("connection-lost");
            assertThat(first.refused()).as("a server closing down refuses nobody for good").isEmpty();
            assertThat(first.delivered()).isZero();
            assertThat(first.retry()).hasSize(1);
            assertThat(pool.send(first.retry()).delivered()).isEqualTo(2);
            assertThat(relay.transactions()).hasSize(1);
        }
    }

    @Test
    void sizeShouldBeDeclaredAndAMessageOverTheServersLimitRefusedBeforeItIsSent() throws Exception {
        try (RecordingSmtpSink relay = RecordingSmtpSink.onLoopback().offerSize(200);
             SmtpPool pool = new SmtpPool("127.0.0.1", relay.port(), "hub.localhost", 1, 1)) {
            Transaction small = transaction();
            Transaction big = new Transaction("finance-bounces@hub.localhost", List.of("dan@bank-one.example"),
                    SmtpData.of("Subject: big".getBytes(StandardCharsets.US_ASCII), new byte[0],
                            "x".repeat(500).getBytes(StandardCharsets.US_ASCII)));

            SmtpPool.Outcome outcome = pool.send(List.of(big, small));

            assertThat(outcome.delivered()).isEqualTo(2);
            assertThat(outcome.refused()).hasSize(1);
            assertThat(outcome.refused().get(0).reply()).startsWith("552 5.3.4");
            assertThat(outcome.refused().get(0).transaction().recipients()).containsExactly("dan@bank-one.example");
            assertThat(relay.mailCommands()).as("only the one that fits is offered, with its size")
                    .singleElement().asString().matches("MAIL FROM:<finance-bounces@hub\\.localhost> SIZE=\\d+");
        }
    }
}
