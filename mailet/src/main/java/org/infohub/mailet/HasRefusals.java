package org.infohub.mailet;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches a post for which a vetting rule recorded a refusal.
 *
 * <pre>{@code <mailet match="org.infohub.mailet.HasRefusals" class="ToProcessor"><processor>hub-reject</processor></mailet>}</pre>
 */
public class HasRefusals extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        return HubAttributes.refusals(mail).isEmpty() ? List.of() : mail.getRecipients();
    }
}
