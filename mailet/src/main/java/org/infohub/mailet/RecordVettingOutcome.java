package org.infohub.mailet;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.infohub.core.archive.MessageText;
import org.infohub.core.member.HubList;
import org.infohub.core.vetting.Refusal;

/**
 * Records a refused or held post for the console (outcome {@code held} when moderation is the only
 * reason), with every reason in words. Only the subject of the post is kept, never its text.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.RecordVettingOutcome"/>}</pre>
 */
public class RecordVettingOutcome extends HubMailet {
    private final HubServices hub;

    @Inject
    public RecordVettingOutcome(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        List<Refusal.Decoded> reasons = HubAttributes.refusals(mail).stream().map(Refusal::decode)
                .flatMap(Optional::stream).toList();
        boolean held = !reasons.isEmpty()
                && reasons.stream().allMatch(r -> r.refusal().holds());
        Optional<HubList> list = Posts.list(mail, hub);
        String subject;
        try {
            subject = MessageText.of(mail.getMessage()).subject();
        } catch (RuntimeException e) {
            subject = "(unreadable)";
        }
        String why = reasons.stream().map(r -> r.refusal().name() + ": " + r.why()).collect(Collectors.joining("\n"));
        if (held && list.isPresent()) {
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            try {
                mail.getMessage().writeTo(raw);
            } catch (java.io.IOException e) {
                throw new MessagingException("cannot keep the held post " + mail.getName(), e);
            }
            hub.outcomes().recordHeld(hub.clock().instant(), mail.getName(), Posts.messageId(mail.getMessage()),
                    list.get().id(), mail.getMaybeSender().asString(), subject, why, raw.toByteArray());
            return;
        }
        hub.outcomes().record(hub.clock().instant(), held ? "held" : "refused", mail.getName(),
                Posts.messageId(mail.getMessage()), list.map(HubList::id).orElse(null), mail.getMaybeSender().asString(),
                subject, why);
    }
}
