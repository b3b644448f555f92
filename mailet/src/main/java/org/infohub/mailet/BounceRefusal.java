package org.infohub.mailet;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.archive.MessageText;
import org.infohub.core.i18n.Messages;
import org.infohub.core.member.HubList;
import org.infohub.core.vetting.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the sender of a refused post one message that says why and what to do. Never to a null
 * sender, never to automatic mail (RFC 3834), never for an unauthenticated post whose return path
 * SPF did not confirm (that would be backscatter to whoever a forger named). The original post is not attached: only its subject and Message-ID are
 * quoted. The envelope sender is the list's {@code -bounces} address, as GNU Mailman does for its
 * notices: a failure to deliver the notice lands in bounce handling, never back on the list, so
 * it cannot start a loop.
 *
 * <pre>{@code
 * <mailet match="All" class="org.infohub.mailet.BounceRefusal">
 *   <processor>hub-relay</processor>
 * </mailet>}</pre>
 */
public class BounceRefusal extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(BounceRefusal.class);

    private final HubServices hub;
    private String processor;

    @Inject
    public BounceRefusal(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of("processor"));
        processor = Notices.processor(this);
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        MimeMessage original = mail.getMessage();
        List<Refusal.Decoded> reasons = HubAttributes.refusals(mail).stream().map(Refusal::decode)
                .flatMap(Optional::stream).toList();
        String codes = reasons.stream().map(r -> r.refusal().name()).toList().toString();
        // One line an operator can grep per decision: "held ... stage=hold" or "refused ... stage=reject".
        boolean held = Processors.HOLD.equals(mail.getState());
        String verb = held ? "held" : "refused";
        String stage = held ? "hold" : "reject";
        if (Notices.answerable(hub, mail).isEmpty()) {
            // Not a representative whose return path SPF, DKIM or SMTP AUTH confirmed: a notice could
            // go to a forged address (backscatter, signed by the hub). Recorded, not answered.
            LOG.info("{} mail={} message-id={} stage={} reasons={} notice=none (sender not a confirmed "
                    + "representative)", verb, mail.getName(), Posts.messageId(original), stage, codes);
            return;
        }
        MailAddress to = mail.getMaybeSender().get();
        Messages t = Notices.messagesFor(hub, to.asString());
        Optional<HubList> list = Posts.list(mail, hub);
        String listAddress = list.map(l -> l.address(hub.domain())).orElse(t.get("notice.theHub"));
        String subject = MessageText.of(original).subject();
        MimeMessage notice = Notices.create(hub.domain(), list.map(l -> l.localPart() + "-owner@" + hub.domain())
                        .orElse("postmaster@" + hub.domain()), List.of(to), subject.isEmpty()
                        ? t.get("bounce.subject", listAddress) : t.get("bounce.subjectWith", listAddress, subject), "auto-replied",
                text(t, listAddress, subject, Posts.messageId(original), reasons));
        Notices.inReplyTo(notice, original);
        MailAddress bounces = new MailAddress(list.map(HubList::localPart).orElse("postmaster") + "-bounces@" + hub.domain());
        getMailetContext().sendMail(bounces, List.of(to), notice, processor);
        LOG.info("{} mail={} message-id={} list={} stage={} reasons={} notice=sent", verb, mail.getName(),
                Posts.messageId(original), listAddress, stage, codes);
    }

    static String text(Messages t, String listAddress, String subject, String messageId, List<Refusal.Decoded> reasons) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.get("bounce.intro", listAddress)).append("\n\n");
        sb.append(t.get("notice.subjectLine", subject.isEmpty() ? t.get("notice.noSubject") : subject)).append('\n');
        sb.append(t.get("notice.messageIdLine", messageId)).append("\n\n");
        sb.append(t.get(reasons.size() == 1 ? "bounce.why" : "bounce.whyAll")).append('\n');
        for (Refusal.Decoded r : reasons) {
            sb.append("  - ").append(r.why(t)).append(t.language() == org.infohub.core.i18n.Language.EN ? ".\n" : "。\n");
        }
        sb.append('\n').append(t.get("bounce.whatToDo")).append('\n');
        reasons.stream().map(r -> r.whatToDo(t)).distinct().forEach(w -> sb.append("  - ").append(w).append('\n'));
        sb.append('\n').append(t.get("bounce.nothingShared")).append('\n');
        sb.append(t.get("bounce.automatic")).append('\n');
        return sb.toString();
    }
}
