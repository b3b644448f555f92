package org.infohub.mailet;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

/**
 * Matches a post for which a vetting rule recorded a refusal.
 *
 * <pre>{@code <mailet match="org.infohub.mailet.HasRefusals" class="ToProcessor"><processor>hub-reject</processor></mailet>}</pre>
 */
public class HasRefusals extends HubMatcher {
    @Override
    protected Collection<MailAddress> matchMail(Mail mail) {
        return HubAttributes.refusals(mail).isEmpty() ? List.of() : mail.getRecipients();
    }
}
