package org.infohub.mailet;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

/**
 * Matches recipients that are a list's service address for the role in the condition:
 * {@code request} ({@code finance-request@}), {@code owner} or {@code bounces} (VERP forms
 * {@code finance-bounces+...@} included).
 *
 * <pre>{@code <mailet match="org.infohub.mailet.RecipientIsListRole=request" class="ToProcessor">}</pre>
 */
public class RecipientIsListRole extends HubMatcher {
    public static final java.util.Set<String> ROLES = java.util.Set.of("request", "owner", "bounces");

    private final HubServices hub;
    private String role;

    @Inject
    public RecipientIsListRole(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void init() throws MessagingException {
        role = Optional.ofNullable(getCondition()).map(c -> c.trim().toLowerCase(Locale.ROOT)).orElse("");
        if (!ROLES.contains(role)) {
            throw new MessagingException("RecipientIsListRole: condition '" + getCondition()
                    + "' is not a role; use one of " + ROLES);
        }
    }

    @Override
    protected Collection<MailAddress> matchMail(Mail mail) {
        return mail.getRecipients().stream()
                .filter(r -> r.getDomain().asString().equalsIgnoreCase(hub.domain()))
                .filter(r -> listOf(r.getLocalPart(), role).flatMap(hub.lists()::find).isPresent())
                .collect(Collectors.toList());
    }

    /** The list part of {@code local} when it is that list's {@code role} address. */
    static Optional<String> listOf(String local, String role) {
        String l = local.toLowerCase(Locale.ROOT);
        int plus = l.indexOf('+');
        if (plus > 0) {
            l = l.substring(0, plus);
        }
        String suffix = "-" + role;
        return l.endsWith(suffix) && l.length() > suffix.length()
                ? Optional.of(l.substring(0, l.length() - suffix.length())) : Optional.empty();
    }
}
