package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.infohub.mailet.delivery.OutgoingTls;
import org.infohub.mailet.delivery.TlsSocketFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The STARTTLS front the tests and demo mode put before GreenMail, driven by JavaMail exactly as
 * James's RemoteDelivery is configured for mail at or above the TLS floor (STARTTLS required, the
 * certificate and the host name checked through the hub's trust store): the message arrives, and
 * the front counts the session as encrypted. A client that does not start TLS is passed through.
 */
class StartTlsFrontTest {
    private static GreenMail greenMail;
    private static StartTlsFront front;

    @BeforeAll
    static void start() throws Exception {
        greenMail = MailFixture.smarthost();
        front = MailFixture.front(greenMail);
        TestTls tls = MailFixture.tls();
        TlsSocketFactories.install(OutgoingTls.of(OutgoingTls.Policy.VERIFY, Optional.of(tls.trustStore()), tls.password(),
                Optional.empty()));
    }

    @AfterAll
    static void stop() {
        greenMail.stop();
    }

    private static void send(Properties props, String to) throws Exception {
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(front.port()));
        Session session = Session.getInstance(props);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("hub@hub.localhost"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject("TLP:AMBER over TLS");
        m.setText("body");
        Transport.send(m);
    }

    @Test
    void remoteDeliverysRequiredStartTlsShouldReachTheServerBehindEncrypted() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        props.put("mail.smtp.ssl.socketFactory.class", TlsSocketFactories.Verifying.class.getName());
        long before = front.encryptedSessions();
        send(props, "tls@bank-one.example");
        await().atMost(Duration.ofSeconds(10)).until(() -> MailFixture.inbox(greenMail, "tls@bank-one.example").size() == 1);
        assertThat(front.encryptedSessions()).isEqualTo(before + 1);
    }

    @Test
    void aClientInClearTextShouldBePassedThrough() throws Exception {
        long before = front.plainSessions();
        send(new Properties(), "plain@bank-one.example");
        await().atMost(Duration.ofSeconds(10)).until(() -> MailFixture.inbox(greenMail, "plain@bank-one.example").size() == 1);
        assertThat(front.plainSessions()).isEqualTo(before + 1);
    }
}
