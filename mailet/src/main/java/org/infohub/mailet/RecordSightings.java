package org.infohub.mailet;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.james.core.MailAddress;
import org.infohub.core.archive.MessageText;
import org.infohub.core.member.Representative;
import org.infohub.core.sighting.Sightings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the sightings of a vetted reply ({@link Sightings}) for its sender's organisation, tells
 * the sender what was recorded and what was not (and why), and ends the mail there: a sighting is
 * never shared as a post.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.RecordSightings"><processor>hub-relay</processor></mailet>}</pre>
 */
public class RecordSightings extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(RecordSightings.class);

    private final HubServices hub;
    private String processor;

    @Inject
    public RecordSightings(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of("processor"));
        processor = Notices.processor(this);
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        String messageId = Posts.messageId(message);
        Optional<Representative> rep = mail.getMaybeSender().asOptional()
                .flatMap(a -> hub.members().findRepresentative(a.asString()));
        if (rep.isEmpty()) {
            // Vetting let only representatives through; a representative removed meanwhile records nothing.
            LOG.info("sighting mail={} message-id={} stage=sighting recorded=0 (sender no longer a representative)",
                    mail.getName(), messageId);
            mail.setState(Mail.GHOST);
            return;
        }
        List<Sightings.Command> commands = Sightings.commands(MessageText.of(message).body());
        List<Sightings.Outcome> outcomes = new Sightings(hub.members().jdbc(), hub.audience(),
                new org.infohub.core.indicator.Indicators(hub.domain()), hub.clock())
                .record(commands, rep.get().organisationId(), rep.get().id(), messageId);
        long recorded = outcomes.stream().filter(Sightings.Outcome::recorded).count();
        LOG.info("sighting mail={} message-id={} stage=sighting commands={} recorded={}", mail.getName(), messageId,
                commands.size(), recorded);
        if (Notices.answerable(hub, mail).isPresent()) {
            MailAddress to = mail.getMaybeSender().get();
            StringBuilder text = new StringBuilder("Your reply was read as ").append(commands.size())
                    .append(" sighting(s) for ").append(rep.get().organisationName())
                    .append(". It was not shared with the list.\n\n");
            for (Sightings.Outcome o : outcomes) {
                text.append(o.recorded() ? "  recorded: " : "  NOT recorded: ").append(o.words()).append('\n');
            }
            if (commands.size() >= Sightings.MAX_COMMANDS) {
                text.append("\nOnly the first ").append(Sightings.MAX_COMMANDS).append(" lines were read.\n");
            }
            text.append("\nThe counts appear on each indicator's page and, for member organisations, in the feeds.\n")
                    .append("Write +seen, +fp (false positive) or +patched at the start of a line, then the indicator.\n");
            MimeMessage notice = Notices.create(hub.domain(), "postmaster@" + hub.domain(), List.of(to),
                    "Sightings recorded: " + recorded + " of " + commands.size(), "auto-replied", text.toString());
            Notices.inReplyTo(notice, message);
            getMailetContext().sendMail(new MailAddress("postmaster@" + hub.domain()), List.of(to), notice, processor);
        }
        mail.setState(Mail.GHOST);
    }
}
