package org.infohub.mailet;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.infohub.core.digest.Digests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of a digest in the pipeline: records in the outbox that the digest is handed
 * over, and by which mail. Another copy of the same digest (handed over again after a crash before
 * the first hand-over was confirmed) finds it recorded and is dropped, so each digest is delivered
 * once; the recorded mail itself, processed again when James re-reads its spool after a crash, goes on.
 * The digest's outbox id is in its mail name, {@code digest-<id>-<try>}.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.HandOverDigest"><processor>hub-relay</processor></mailet>}</pre>
 */
public class HandOverDigest extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(HandOverDigest.class);
    private static final javax.mail.Session SESSION = javax.mail.Session.getInstance(new java.util.Properties());

    private final HubServices hub;
    private String processor;

    @Inject
    public HandOverDigest(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of("processor"));
        processor = Notices.processor(this);
        hub.mailetContext().set(getMailetContext());
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        Optional<Long> id = outboxId(mail.getName());
        if (id.isEmpty()) {
            LOG.warn("digest mail={} has no outbox id; kept in the error repository", mail.getName());
            mail.setState(Mail.ERROR);
            return;
        }
        Digests digests = new Digests(hub.members(), hub.archive(), hub.domain(), hub.clock(),
                hub.config().presentation().language());
        if (!digests.markHandedOver(id.get(), mail.getName())) {
            LOG.info("digest outbox={} mail={} stage=digest already handed over: this copy is dropped", id.get(), mail.getName());
            mail.setState(Mail.GHOST);
            return;
        }
        if (mail.getMessage().getHeader(Digests.OUTBOX_HEADER) != null) {
            // Built from its references now, each time this mail is processed (again, after a
            // crash): the same digest, dated when it was built.
            Optional<byte[]> raw = digests.render(id.get());
            if (raw.isEmpty()) {
                LOG.warn("digest outbox={} mail={} stage=digest holds no post still in the archive: nothing to send",
                        id.get(), mail.getName());
                mail.setState(Mail.GHOST);
                return;
            }
            if (mail instanceof org.apache.james.server.core.MailImpl impl) {
                // Read by James from the bytes as built: setMessage would parse them, then copy the
                // parsed message into a buffer that goes to a temporary file past 100 KB.
                impl.setMessageContent(new Built(mail.getName(), raw.get()));
            } else {
                mail.setMessage(new javax.mail.internet.MimeMessage(SESSION, new java.io.ByteArrayInputStream(raw.get())));
            }
        }
        String[] tlp = mail.getMessage().getHeader(org.infohub.core.digest.Digests.TLP_HEADER);
        org.infohub.core.tlp.Tlp label = tlp == null || tlp.length == 0 ? org.infohub.core.tlp.Tlp.RED
                : org.infohub.core.tlp.Tlp.fromLabel(tlp[0]).orElse(org.infohub.core.tlp.Tlp.RED);
        mail.setAttribute(new org.apache.mailet.Attribute(HubAttributes.TLP,
                org.apache.mailet.AttributeValue.of(label.code())));
        LOG.info("digest outbox={} mail={} stage=digest handed over recipients={}", id.get(), mail.getName(),
                mail.getRecipients().size());
        mail.setState(processor);
    }

    /** A digest as built, in memory: its headers parsed when first asked for, its body never copied. */
    record Built(String id, byte[] bytes) implements org.apache.james.server.core.MimeMessageSource {
        @Override
        public String getSourceId() {
            return id;
        }

        @Override
        public java.io.InputStream getInputStream() {
            return new javax.mail.util.SharedByteArrayInputStream(bytes);
        }

        @Override
        public long getMessageSize() {
            return bytes.length;
        }
    }

    static Optional<Long> outboxId(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^digest-(\\d+)-").matcher(name == null ? "" : name);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }
}
