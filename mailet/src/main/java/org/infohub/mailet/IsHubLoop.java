package org.infohub.mailet;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

/**
 * Matches mail that already went through this hub: it carries our loop header, or a
 * {@code List-Id} of one of our lists. Such mail is dropped, never distributed again.
 */
public class IsHubLoop extends HubMatcher {
    public static final String LOOP_HEADER = "X-Infohub-Loop";

    private final HubServices hub;

    @Inject
    public IsHubLoop(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected Collection<MailAddress> matchMail(Mail mail) throws MessagingException {
        String domain = hub.domain().toLowerCase(Locale.ROOT);
        String[] loops = mail.getMessage().getHeader(LOOP_HEADER);
        if (loops != null) {
            for (String l : loops) {
                if (l.trim().equalsIgnoreCase(domain)) {
                    return mail.getRecipients();
                }
            }
        }
        String[] ids = mail.getMessage().getHeader("List-Id");
        if (ids != null) {
            for (String id : ids) {
                if (id.toLowerCase(Locale.ROOT).contains("." + domain + ">")) {
                    return mail.getRecipients();
                }
            }
        }
        return List.of();
    }
}
