package org.infohub.mailet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.Converter7Bit;
import org.infohub.mailet.trust.OutboundSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a list copy into one message per member: the envelope sender is the member's VERP address ({@code finance-bounces+alice=bank.example@HUB}),
 * the message gets RFC 8058 one-click unsubscribe headers ({@code List-Unsubscribe} with the
 * member's signed HTTPS link and the list's mailto, {@code List-Unsubscribe-Post}), and a DKIM
 * signature over all of it with the hub's key. The body is made 7-bit first (so no relay re-encodes
 * it under the signature) and hashed once per post.
 *
 * <p>With a smarthost, the copies go to it at once over a few reused SMTP connections
 * ({@link SmarthostSender}); copies it refuses for good go to the {@code failedProcessor} (the list
 * owners are told), the others to RemoteDelivery's outgoing queue for its retries. Without a
 * smarthost every copy goes to the outgoing queue, where RemoteDelivery finds each member's MX.
 * Mail without a list (notices, digests) passes on untouched. A crash halfway re-runs the whole
 * copy from the spool: members already served get a second copy, nobody gets none.
 *
 * <pre>{@code
 * <mailet match="All" class="org.infohub.mailet.PersonaliseListMail">
 *   <outgoingQueue>outgoing</outgoingQueue>
 * </mailet>}</pre>
 */
public class PersonaliseListMail extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(PersonaliseListMail.class);
    private static final Session SESSION = Session.getInstance(new Properties());

    private final HubServices hub;
    private final MailQueueFactory<?> queues;
    private MailQueue outgoing;
    private String failedProcessor;
    private SmarthostSender sender;
    /** Where RemoteDelivery puts the reason of a failed delivery; {@link NotifyListOwners} reads it. */
    private static final org.apache.mailet.AttributeName DELIVERY_ERROR = org.apache.mailet.AttributeName.of("delivery-error");

    @Inject
    public PersonaliseListMail(HubServices hub, MailQueueFactory<?> queues) {
        this.hub = hub;
        this.queues = queues;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of("outgoingQueue", "failedProcessor"));
        outgoing = queues.createQueue(MailQueueName.of(getInitParameter("outgoingQueue", "outgoing")));
        failedProcessor = getInitParameter("failedProcessor", "hub-delivery-failed");
        sender = hub.config().smarthost().map(h -> new SmarthostSender(h, hub.domain())).orElse(null);
    }

    @Override
    public void destroy() {
        if (sender != null) {
            sender.close();
        }
    }

    private static MailImpl mailOf(String name, SmarthostSender.Copy c) throws MessagingException {
        return MailImpl.builder().name(name).sender(new MailAddress(c.envelopeFrom()))
                .addRecipient(new MailAddress(c.recipient()))
                .mimeMessage(new MimeMessage(SESSION, c.stream())).build();
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        Optional<String> list = HubAttributes.string(mail, HubAttributes.LIST);
        if (list.isEmpty() || mail.getRecipients().isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        MimeMessage base = mail.getMessage();
        base.removeHeader("List-Unsubscribe");
        base.removeHeader("List-Unsubscribe-Post");
        byte[] bytes = sevenBitBytes(base, getMailetContext());
        OutboundSigner signer = hub.trust().signer();
        OutboundSigner.Prepared prepared;
        try {
            prepared = signer.prepare(bytes);
        } catch (IOException e) {
            throw new MessagingException("cannot prepare " + mail.getName() + " for signing", e);
        }
        String domain = hub.domain();
        String request = list.get() + "-request@" + domain;
        String ref = Long.toString(HubAttributes.longValue(mail, HubAttributes.SUBMISSION).orElse(0L));
        List<SmarthostSender.Copy> copies = new java.util.ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            String member = recipient.asString();
            String extra = "List-Unsubscribe: <" + hub.config().publicUrl() + "/unsubscribe/"
                    + hub.trust().tokens().sign(list.get(), member) + ">,\r\n\t<mailto:" + request
                    + "?subject=unsubscribe>\r\n" + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
            // Signed here, on the spool thread, while the sender threads of other posts talk SMTP:
            // measured faster than signing on the sender threads.
            try {
                String signature = fold(signer.sign(extra, prepared));
                copies.add(new SmarthostSender.Copy(hub.trust().verp().encode(list.get(), member, ref, domain), member,
                        concat((signature + "\r\n" + extra).getBytes(StandardCharsets.UTF_8), prepared.header(),
                                "\r\n".getBytes(StandardCharsets.US_ASCII)), prepared.body()));
            } catch (IOException e) {
                throw new MessagingException("cannot sign the copy of " + mail.getName() + " for a member", e);
            }
        }
        List<SmarthostSender.Copy> queued = copies;
        int sent = 0;
        int failed = 0;
        if (sender != null) {
            SmarthostSender.Outcome outcome = sender.send(copies);
            sent = outcome.sent();
            queued = outcome.retry();
            failed = outcome.failed().size();
            for (SmarthostSender.Failed f : outcome.failed()) {
                MailImpl refused = mailOf(mail.getName() + "-failed-" + f.copy().recipient(), f.copy());
                refused.setAttribute(new org.apache.mailet.Attribute(DELIVERY_ERROR,
                        org.apache.mailet.AttributeValue.of(f.reason())));
                getMailetContext().sendMail(refused, failedProcessor);
            }
        }
        int n = 0;
        for (SmarthostSender.Copy c : queued) {
            outgoing.enQueue(mailOf(mail.getName() + "-" + (n++), c));
        }
        int copiesMade = copies.size();
        LOG.info("personalised mail={} message-id={} list={} stage=personalise copies={} sent={} queued={} refused={} ms={}",
                mail.getName(), Posts.messageId(base), list.get(), copiesMade, sent, n, failed,
                (System.nanoTime() - t0) / 1_000_000);
        mail.setState(Mail.GHOST);
    }

    /** The message as it will travel: 7-bit (RFC 6376 section 5.3), every line end CRLF. */
    static byte[] sevenBitBytes(MimeMessage message, org.apache.mailet.MailetContext context) throws MessagingException {
        try {
            new Converter7Bit(context).convertTo7Bit(message);
            message.saveChanges();
        } catch (IOException | MessagingException | RuntimeException e) {
            // A body the converter cannot walk is sent as it is; the signature still covers it.
            LOG.info("7-bit conversion skipped: {}", e.getMessage());
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return crlf(out.toByteArray());
        } catch (IOException e) {
            throw new MessagingException("cannot write the message", e);
        }
    }

    /**
     * Every line end as CRLF, as SMTP will send it: a body written with bare LF (a footer added as
     * Java text) would otherwise be hashed differently from what the receiver sees.
     */
    static byte[] crlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 40);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Folds the long DKIM-Signature field between tags; relaxed canonicalisation makes it the same. */
    static String fold(String field) {
        return field.replace("; ", ";\r\n\t");
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
