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
            org.infohub.core.i18n.Messages t = Notices.messagesFor(hub, to.asString());
            StringBuilder text = new StringBuilder(t.get("sighting.mail.intro", commands.size(), rep.get().organisationName()))
                    .append("\n\n");
            for (Sightings.Outcome o : outcomes) {
                text.append(t.get(o.recorded() ? "sighting.mail.recorded" : "sighting.mail.notRecorded", o.words(t))).append('\n');
            }
            if (commands.size() >= Sightings.MAX_COMMANDS) {
                text.append('\n').append(t.get("sighting.mail.onlyFirst", Sightings.MAX_COMMANDS)).append('\n');
            }
            text.append('\n').append(t.get("sighting.mail.end")).append('\n');
            MimeMessage notice = Notices.create(hub.domain(), "postmaster@" + hub.domain(), List.of(to),
                    t.get("sighting.mail.subject", recorded, commands.size()), "auto-replied", text.toString());
            Notices.inReplyTo(notice, message);
            getMailetContext().sendMail(new MailAddress("postmaster@" + hub.domain()), List.of(to), notice, processor);
        }
        mail.setState(Mail.GHOST);
    }
}
