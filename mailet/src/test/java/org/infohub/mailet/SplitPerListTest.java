package org.infohub.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.james.lifecycle.api.Disposable;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

/**
 * A post to two lists at once becomes one copy per list. James keeps a received message's bytes in a
 * source shared by its copies and freed when the last of them is disposed (a temporary file past
 * 100 KB); a copy handed on and never disposed kept it until the garbage collector found it, and
 * James logged "Leak detected!" for each (38 in one CI run).
 */
class SplitPerListTest {

    @Test
    void aPostToTwoListsShouldGiveEachListItsCopyAndFreeTheReceivedBytesWhenThePostIsDone() throws Exception {
        byte[] post = ("From: rep@bank-one.example\r\nTo: finance@hub.example, healthcare@hub.example\r\n"
                + "Subject: TLP:GREEN two lists\r\nMessage-ID: <two@bank-one.example>\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        MimeMessageInputStreamSource received = MimeMessageInputStreamSource.create("two", new ByteArrayInputStream(post));
        MailImpl mail = MailImpl.builder().name("two").sender(new MailAddress("rep@bank-one.example"))
                .addRecipients(new MailAddress("finance@hub.example"), new MailAddress("healthcare@hub.example"))
                .mimeMessage(new MimeMessageWrapper(received)).build();
        received.dispose(); // the builder kept a copy of its own, as the SMTP server's mail holds its bytes
        MimeMessageWrapper held = (MimeMessageWrapper) mail.getMessage();
        FakeMailContext context = FakeMailContext.defaultContext();
        // Each copy's message as it was handed on: James gives a copy bytes of its own (a new source).
        List<MimeMessageWrapper> handedOn = new ArrayList<>();
        MailetContext recording = (MailetContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MailetContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendMail") && args.length == 2 && args[0] instanceof MailImpl copy) {
                        handedOn.add((MimeMessageWrapper) copy.getMessage());
                    }
                    try {
                        return method.invoke(context, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SplitPerList split = new SplitPerList();
        split.init(FakeMailetConfig.builder().mailetName("SplitPerList").mailetContext(recording).build());

        split.service(mail);

        assertThat(context.getSentMails()).extracting(s -> s.getRecipients().toString())
                .containsExactly("[finance@hub.example]", "[healthcare@hub.example]");
        assertThat(context.getSentMails()).extracting(s -> (Object) s.getAttributes().get(HubAttributes.LIST).getValue().value())
                .containsExactly((Object) "finance", "healthcare");
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        // Handed on (the spool has them), each copy's bytes are freed at once, not when the GC finds them.
        assertThat(handedOn).hasSize(2).allSatisfy(m -> assertThat(freed(m)).isTrue());
        // The spooler disposes the post itself once its processing ends.
        assertThat(freed(held)).isFalse();
        mail.dispose();
        assertThat(freed(held)).isTrue();
    }

    private static boolean freed(MimeMessageWrapper message) throws ReflectiveOperationException {
        java.lang.reflect.Field source = MimeMessageWrapper.class.getDeclaredField("source");
        source.setAccessible(true);
        return freed((MimeMessageInputStreamSource) source.get(message));
    }

    private static boolean freed(MimeMessageInputStreamSource source) {
        return ((Disposable.LeakAware<?>) source).getResource().isDisposed();
    }
}
