package org.infohub.mailet;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.vetting.Refusal;

/**
 * Matches a post whose every reason not to distribute it is one that holds it for a decision
 * (moderation, an unreadable TLP label), not one that refuses it: it goes to {@code hub-hold}.
 */
public class IsHeld extends HubMatcher {
    @Override
    protected Collection<MailAddress> matchMail(Mail mail) {
        List<Optional<Refusal.Decoded>> reasons = HubAttributes.refusals(mail).stream().map(Refusal::decode).toList();
        boolean held = !reasons.isEmpty() && reasons.stream().allMatch(r -> r.isPresent() && r.get().refusal().holds());
        return held ? mail.getRecipients() : List.of();
    }
}
