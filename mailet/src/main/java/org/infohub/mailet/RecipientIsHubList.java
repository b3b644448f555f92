package org.infohub.mailet;

import java.util.Collection;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

/**
 * Matches the recipients that are hub list addresses ({@code finance@}, {@code all@}, ...), so
 * only posts to a list enter the hub processors.
 *
 * <pre>{@code <mailet match="org.infohub.mailet.RecipientIsHubList" class="ToProcessor">}</pre>
 */
public class RecipientIsHubList extends HubMatcher {
    private final HubServices hub;

    @Inject
    public RecipientIsHubList(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected Collection<MailAddress> matchMail(Mail mail) {
        return mail.getRecipients().stream()
                .filter(r -> r.getDomain().asString().equalsIgnoreCase(hub.domain()))
                .filter(r -> hub.lists().find(r.getLocalPart()).isPresent())
                .collect(Collectors.toList());
    }
}
