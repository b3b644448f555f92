package org.infohub.mailet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.infohub.core.archive.MessageText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For mail that RemoteDelivery gave up on: tells the owners of the list it came from which
 * addresses could not be reached and why. The members are never told; a copy nobody could
 * deliver is not sent to the whole list. Owners are the {@code hub.owners} addresses, or else the
 * list's {@code -owner} address, kept in its mail repository. The failed mail itself is kept in
 * the delivery-failed repository by the next mailet; the notice is sent a few seconds later, one
 * per post (a crash in between loses the notice, never the mail).
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.NotifyListOwners"/>}</pre>
 */
public class NotifyListOwners extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyListOwners.class);
    /** Where RemoteDelivery puts the reason of a failed delivery. */
    private static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");

    private final HubServices hub;

    @Inject
    public NotifyListOwners(HubServices hub) {
        this.hub = hub;
    }

    /** Failures gathered per list and post, told in one notice once none has come for a while. */
    private static final java.time.Duration QUIET = java.time.Duration.ofSeconds(3);

    private record Key(String list, String messageId) {
    }

    private static final class Pending {
        final java.util.Set<String> addresses = new java.util.TreeSet<>();
        String subject;
        String reason;
        /** The post's label: the notice quotes its subject, so it leaves under the same TLS floor. */
        org.infohub.core.tlp.Tlp tlp = org.infohub.core.tlp.Tlp.CLEAR;
        boolean labelled = true;
        long lastNanos;
    }

    private final java.util.Map<Key, Pending> pending = new java.util.HashMap<>();
    private java.util.concurrent.ScheduledExecutorService timer;

    @Override
    public void init() throws MessagingException {
        timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-owner-notices");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flush, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        if (timer != null) {
            timer.shutdownNow();
        }
        flushAll();
    }

    /**
     * Each member's copy of a post fails on its own (one VERP copy per member): the failures of one
     * post are gathered and told in one notice, sent once {@link #QUIET} passes without another.
     */
    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        String list = mail.getMaybeSender().asOptional()
                .flatMap(s -> RecipientIsListRole.listOf(s.getLocalPart(), "bounces"))
                .orElse("postmaster");
        String error = mail.getAttribute(DELIVERY_ERROR).map(a -> String.valueOf(a.getValue().value()))
                .or(() -> Optional.ofNullable(mail.getErrorMessage())).orElse("no reason given");
        MimeMessage original = mail.getMessage();
        Optional<org.infohub.core.trust.Verp.Target> member = mail.getMaybeSender().asOptional()
                .flatMap(s -> hub.trust().verp().decode(s.getLocalPart()));
        if (member.isPresent() && !member.get().shared()) {
            // A member's own copy (VERP) refused at once by the receiving server: a bounce like a DSN.
            BounceScores.refused(hub, getMailetContext(), mail.getName(), member.get(), error);
        } else if (member.isPresent()) {
            // The post's shared copy, refused for these recipients: each refusal is about the one it names.
            for (MailAddress r : mail.getRecipients()) {
                BounceScores.refused(hub, getMailetContext(), mail.getName(), member.get().about(r.asString()), error);
            }
        }
        Key key = new Key(list, Posts.messageId(original));
        synchronized (pending) {
            Pending p = pending.computeIfAbsent(key, k -> new Pending());
            mail.getRecipients().forEach(r -> p.addresses.add(r.asString().toLowerCase(Locale.ROOT)));
            p.subject = MessageText.of(original).subject();
            Optional<org.infohub.core.tlp.Tlp> tlp = HubAttributes.string(mail, HubAttributes.TLP)
                    .or(() -> Posts.header(original, "X-Infohub-TLP")).flatMap(org.infohub.core.tlp.Tlp::fromLabel);
            if (tlp.isEmpty()) {
                p.labelled = false;
            } else if (tlp.get().isMoreRestrictiveThan(p.tlp)) {
                p.tlp = tlp.get();
            }
            p.reason = error.strip();
            p.lastNanos = System.nanoTime();
        }
        LOG.info("delivery failed mail={} message-id={} list={} stage=delivery-failed addresses={}", mail.getName(),
                key.messageId(), list, mail.getRecipients().size());
    }

    private void flush() {
        List<java.util.Map.Entry<Key, Pending>> due = new ArrayList<>();
        synchronized (pending) {
            long now = System.nanoTime();
            pending.entrySet().removeIf(e -> {
                if (now - e.getValue().lastNanos >= QUIET.toNanos()) {
                    due.add(java.util.Map.entry(e.getKey(), e.getValue()));
                    return true;
                }
                return false;
            });
        }
        due.forEach(e -> tell(e.getKey(), e.getValue()));
    }

    private void flushAll() {
        List<java.util.Map.Entry<Key, Pending>> due;
        synchronized (pending) {
            due = new ArrayList<>(pending.entrySet());
            pending.clear();
        }
        due.forEach(e -> tell(e.getKey(), e.getValue()));
    }

    private void tell(Key key, Pending p) {
        try {
            Notices.Owners owners = Notices.Owners.of(hub, key.list());
            org.infohub.core.i18n.Messages t = Notices.forOwners(hub);
            StringBuilder addresses = new StringBuilder();
            p.addresses.forEach(a -> addresses.append("  ").append(a).append('\n'));
            MimeMessage notice = Notices.create(hub.domain(), "postmaster@" + hub.domain(), owners.addresses(),
                    t.get("owners.failed.subject", p.addresses.size(), key.list() + "@" + hub.domain()), "auto-generated",
                    t.get("owners.failed.text", key.messageId(), p.subject, p.reason, addresses.toString()));
            notice.saveChanges();
            org.apache.james.server.core.MailImpl out = org.apache.james.server.core.MailImpl.builder()
                    .name("owners-" + java.util.UUID.randomUUID()).sender(new MailAddress("postmaster@" + hub.domain()))
                    .addRecipients(owners.addresses()).mimeMessage(notice).build();
            if (p.labelled) {
                // Labelled as the post it is about (unlabelled: AMBER, the TLS floor's default).
                out.setAttribute(new org.apache.mailet.Attribute(HubAttributes.TLP,
                        org.apache.mailet.AttributeValue.of(p.tlp.code())));
            }
            getMailetContext().sendMail(out, owners.processor());
            out.dispose();
            LOG.info("delivery failed message-id={} list={} stage=delivery-failed addresses={} owners-notified={}",
                    key.messageId(), key.list(), p.addresses.size(), owners.addresses().size());
        } catch (MessagingException | RuntimeException e) {
            LOG.error("owners could not be told of failed deliveries of {}: {}", key.messageId(), e.getMessage(), e);
        }
    }
}
