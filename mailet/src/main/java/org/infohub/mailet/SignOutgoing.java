package org.infohub.mailet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.infohub.mailet.trust.OutboundSigner;

/**
 * DKIM-signs everything else the hub sends (notices, answers, digests) with the hub's key, just
 * before RemoteDelivery. List copies were signed per member by {@link DeliverListMail}.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.SignOutgoing"/>}</pre>
 */
public class SignOutgoing extends HubMailet {
    private static final Session SESSION = Session.getInstance(new Properties());

    private final HubServices hub;

    @Inject
    public SignOutgoing(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        if (mail.getRecipients().isEmpty()) {
            return;
        }
        byte[] bytes = DeliverListMail.sevenBitBytes(mail.getMessage(), getMailetContext());
        OutboundSigner signer = hub.trust().signer();
        try {
            String signature = DeliverListMail.fold(signer.sign("", signer.prepare(bytes)));
            mail.setMessage(new MimeMessage(SESSION, new ByteArrayInputStream(DeliverListMail.concat(
                    (signature + "\r\n").getBytes(StandardCharsets.US_ASCII), bytes))));
        } catch (IOException e) {
            throw new MessagingException("cannot sign " + mail.getName(), e);
        }
    }
}
