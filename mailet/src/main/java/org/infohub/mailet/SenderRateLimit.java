package org.infohub.mailet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;

/**
 * At {@code MAIL FROM}, answers a temporary failure (451) to an envelope sender that has already
 * started {@code smtp.sender.rate.limit} transactions in the last {@code smtp.sender.rate.window}:
 * a runaway script is slowed down and its mail is retried by its own server later, nothing is
 * lost. Counts are kept in this server's memory.
 *
 * <pre>{@code <handler class="org.infohub.mailet.SenderRateLimit"/>}</pre>
 */
public class SenderRateLimit implements MailHook {
    private final HubServices hub;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    @Inject
    public SenderRateLimit(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (sender.isNullSender()) {
            return HookResult.DECLINED;
        }
        String key = sender.asString().toLowerCase(Locale.ROOT);
        Instant now = hub.clock().instant();
        Duration window = hub.config().senderRateWindow();
        int limit = hub.config().senderRateLimit();
        Deque<Instant> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                long wait = Math.max(1, Duration.between(now, times.peekFirst().plus(window)).toSeconds());
                return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("451")
                        .smtpDescription("4.7.1 " + key + " has sent " + limit + " messages in the last "
                                + window.toSeconds() + " s; please try again in " + wait + " s")
                        .build();
            }
            times.addLast(now);
        }
        if (recent.size() > 100_000) {
            // Bounded memory under a flood of distinct senders: forget the idle ones.
            recent.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().isEmpty() || !e.getValue().peekLast().isAfter(now.minus(window));
                }
            });
        }
        return HookResult.DECLINED;
    }
}
