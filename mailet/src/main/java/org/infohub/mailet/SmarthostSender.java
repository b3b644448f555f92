package org.infohub.mailet;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;

import org.infohub.core.config.HubConfig.HostAndPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.mail.smtp.SMTPMessage;

/**
 * Hands members' copies to the smarthost over a few SMTP connections that each carry many
 * messages, instead of one connection per copy: with one copy per member (VERP, one-click
 * unsubscribe, own signature) a fresh connection per copy made delivery, not the hub, the limit.
 * Each copy ends in one of three ways: taken by the smarthost ({@code 250}); refused for good at
 * {@code RCPT} or {@code DATA} ({@code 5xx}: reported back, and the caller tells the list owners);
 * or anything else (a {@code 4xx}, a broken connection) reported back for RemoteDelivery's
 * retries. Nothing is dropped.
 */
final class SmarthostSender {
    private static final Logger LOG = LoggerFactory.getLogger(SmarthostSender.class);
    /** Connections per post, and copies per connection at least, so small lists use one. */
    static final int MAX_CONNECTIONS = 4;
    static final int MIN_PER_CONNECTION = 64;

    /**
     * One member's copy: the envelope, the member's own header block ({@code head}, signature and
     * unsubscribe headers included) and the body every copy shares, so a post with a large
     * attachment is held once, not once per member.
     */
    record Copy(String envelopeFrom, String recipient, byte[] head, byte[] body) {
        java.io.InputStream stream() {
            return new java.io.SequenceInputStream(new ByteArrayInputStream(head), new ByteArrayInputStream(body));
        }
    }

    /** What happened to the copies that were not taken. */
    record Outcome(List<Copy> retry, List<Failed> failed, int sent) {
    }

    record Failed(Copy copy, String reason) {
    }

    private final Session session;
    private final ExecutorService pool;

    SmarthostSender(HostAndPort smarthost, String heloName) {
        Properties p = new Properties();
        p.put("mail.smtp.host", smarthost.host());
        p.put("mail.smtp.port", Integer.toString(smarthost.port()));
        p.put("mail.smtp.localhost", heloName);
        p.put("mail.smtp.connectiontimeout", "60000");
        p.put("mail.smtp.timeout", "180000");
        p.put("mail.smtp.sendpartial", "true");
        p.put("mail.smtp.allow8bitmime", "false");
        this.session = Session.getInstance(p);
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "infohub-smarthost-sender");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sends {@code copies}, spread over up to {@link #MAX_CONNECTIONS} connections at once. */
    Outcome send(List<Copy> copies) {
        int connections = Math.max(1, Math.min(MAX_CONNECTIONS, copies.size() / MIN_PER_CONNECTION));
        List<Future<Outcome>> parts = new ArrayList<>();
        int size = (copies.size() + connections - 1) / connections;
        for (int i = 0; i < copies.size(); i += size) {
            List<Copy> part = copies.subList(i, Math.min(copies.size(), i + size));
            parts.add(pool.submit(() -> sendOver(part)));
        }
        List<Copy> retry = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        int sent = 0;
        for (int i = 0; i < parts.size(); i++) {
            try {
                Outcome o = parts.get(i).get();
                retry.addAll(o.retry());
                failed.addAll(o.failed());
                sent += o.sent();
            } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Unknown what the part reached: all of it is retried (a copy may arrive twice, none lost).
                int from = i * size;
                retry.addAll(copies.subList(from, Math.min(copies.size(), from + size)));
            }
        }
        return new Outcome(retry, failed, sent);
    }

    private Outcome sendOver(List<Copy> copies) {
        List<Copy> retry = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        int sent = 0;
        Transport transport = null;
        for (int i = 0; i < copies.size(); i++) {
            Copy c = copies.get(i);
            try {
                if (transport == null || !transport.isConnected()) {
                    transport = session.getTransport("smtp");
                    transport.connect();
                }
                SMTPMessage m = new SMTPMessage(session, c.stream());
                m.setEnvelopeFrom(c.envelopeFrom());
                transport.sendMessage(m, new Address[] {new InternetAddress(c.recipient())});
                sent++;
            } catch (SendFailedException e) {
                if (permanent(e)) {
                    failed.add(new Failed(c, reason(e)));
                } else {
                    retry.add(c);
                }
                transport = reset(transport);
            } catch (MessagingException | RuntimeException e) {
                LOG.info("smarthost connection failed ({}); {} copies go to the retry queue", e.getMessage(),
                        copies.size() - i);
                retry.addAll(copies.subList(i, copies.size()));
                transport = reset(transport);
                break;
            }
        }
        reset(transport);
        return new Outcome(retry, failed, sent);
    }

    /** The server's own reply ({@code 550 5.1.1 <x>: user unknown}), not JavaMail's summary of it. */
    private static String reason(SendFailedException e) {
        Exception next = e;
        while (next != null) {
            if (next instanceof com.sun.mail.smtp.SMTPAddressFailedException
                    || next instanceof com.sun.mail.smtp.SMTPSendFailedException) {
                return String.valueOf(next.getMessage()).strip();
            }
            next = next instanceof MessagingException me ? me.getNextException() : null;
        }
        return e.getMessage() == null ? "refused" : e.getMessage().strip();
    }

    /** A 5xx reply: the smarthost will not take this copy, now or later. */
    private static boolean permanent(SendFailedException e) {
        Exception next = e;
        while (next != null) {
            if (next instanceof com.sun.mail.smtp.SMTPAddressFailedException af) {
                return af.getReturnCode() >= 500;
            }
            if (next instanceof com.sun.mail.smtp.SMTPSendFailedException sf) {
                return sf.getReturnCode() >= 500;
            }
            next = next instanceof MessagingException me ? me.getNextException() : null;
        }
        return false;
    }

    private static Transport reset(Transport t) {
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException e) {
                // closing a broken connection
            }
        }
        return null;
    }

    void close() {
        pool.shutdownNow();
    }
}
