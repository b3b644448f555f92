package org.infohub.mailet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.archive.Submission;
import org.infohub.core.member.HubList;
import org.infohub.core.tlp.Tlp;
import org.infohub.core.watch.WatchMatcher;
import org.infohub.core.watch.Watchlists;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual notification: matches an archived post against every organisation's watchlist, and
 * tells each organisation it names (its active representatives) which post and which of their
 * assets, with a link. TLP holds: only an organisation in the post's audience, as recorded when it
 * was shared ({@link DecideAudience}), is told, and only its representatives who saw the post; one
 * outside it is not, and the administrators are told instead, without the post's subject, so they
 * can ask the originator. Each match is recorded once: a post handled
 * again tells no one twice. TLP:RED posts tell no organisation; the administrators are told.
 */
public final class NotifyWatchers extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyWatchers.class);

    private final HubServices hub;
    private String processor;

    @Inject
    public NotifyWatchers(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void init() throws MessagingException {
        processor = Notices.processor(this);
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        Long seq = ArchiveSubmission.submission(mail).orElse(null);
        if (seq == null) {
            return;
        }
        Watchlists watchlists = hub.watchlists();
        WatchMatcher matcher = watchlists.matcher();
        if (matcher.size() == 0) {
            return;
        }
        Submission post = hub.archive().findBySeq(seq).orElseThrow();
        List<WatchMatcher.Hit> hits = matcher.match(hub.archive().indicators(seq), post.subject() + "\n" + post.textBody())
                .stream().filter(h -> !watchlists.recorded(h.entry(), seq)).toList();
        if (hits.isEmpty()) {
            return;
        }
        HubList list = Posts.list(mail, hub).orElseThrow(() -> new MessagingException("no hub list on " + mail.getName()));
        List<Long> audience = hub.audience().organisations(seq, list.id());
        Map<Long, List<WatchMatcher.Hit>> byOrganisation = new LinkedHashMap<>();
        for (WatchMatcher.Hit h : hits) {
            byOrganisation.computeIfAbsent(h.entry().organisationId(), k -> new ArrayList<>()).add(h);
        }
        List<WatchMatcher.Hit> outside = new ArrayList<>();
        for (List<WatchMatcher.Hit> own : byOrganisation.values()) {
            String organisation = own.get(0).entry().organisation();
            long organisationId = own.get(0).entry().organisationId();
            List<MailAddress> reps = representatives(seq, list.id(), organisationId);
            if (post.tlp() != Tlp.RED && audience.contains(organisationId) && !reps.isEmpty()) {
                // One notice per language the organisation's representatives read.
                Map<org.infohub.core.i18n.Language, List<MailAddress>> byLanguage = new java.util.EnumMap<>(
                        org.infohub.core.i18n.Language.class);
                for (MailAddress r : reps) {
                    byLanguage.computeIfAbsent(hub.members().languageOf(r.asString(), hub.config().presentation().language()),
                            k -> new ArrayList<>()).add(r);
                }
                for (Map.Entry<org.infohub.core.i18n.Language, List<MailAddress>> e : byLanguage.entrySet()) {
                    org.infohub.core.i18n.Messages t = org.infohub.core.i18n.Messages.of(e.getKey());
                    send(e.getValue(), own.size() == 1 ? t.get("watch.subjectOne", organisation, own.get(0).entry().value())
                                    : t.get("watch.subjectMany", organisation, own.size()),
                            t.get("watch.text", list.localPart() + "@" + hub.domain(), organisation, lines(t, own),
                                    post.subject(), post.tlp().code(), String.valueOf(seq), link(list, seq)));
                }
                own.forEach(h -> watchlists.record(h, seq, Watchlists.TOLD_MEMBERS));
            } else {
                outside.addAll(own);
            }
        }
        if (!outside.isEmpty()) {
            Notices.Owners owners = Notices.Owners.of(hub, list.localPart());
            org.infohub.core.i18n.Messages t = Notices.forOwners(hub);
            StringBuilder lines = new StringBuilder();
            for (WatchMatcher.Hit h : outside) {
                lines.append("  ").append(h.entry().organisation()).append(": ").append(h.entry().type().code()).append(' ')
                        .append(h.entry().value()).append(t.get("watch.namedAs", h.matched())).append('\n');
            }
            MimeMessage notice = Notices.create(hub.domain(), "postmaster@" + hub.domain(), owners.addresses(),
                    t.get("owners.watch.subject", String.valueOf(seq)), "auto-generated", t.get("owners.watch.text",
                            String.valueOf(seq), list.localPart() + "@" + hub.domain(), post.tlp().code(), lines.toString(),
                            link(list, seq)));
            getMailetContext().sendMail(new MailAddress("postmaster@" + hub.domain()), owners.addresses(), notice,
                    owners.processor());
            outside.forEach(h -> watchlists.record(h, seq, Watchlists.TOLD_ADMINISTRATORS));
        }
        LOG.info("watchlist mail={} seq={} stage=watch hits={} outside={}", mail.getName(), seq, hits.size(), outside.size());
    }

    private void send(List<MailAddress> to, String subject, String text) throws MessagingException {
        MimeMessage notice = Notices.create(hub.domain(), "watchlist@" + hub.domain(), to, subject, "auto-generated", text);
        getMailetContext().sendMail(new MailAddress("postmaster@" + hub.domain()), to, notice, processor);
    }

    private String link(HubList list, long seq) {
        return hub.config().archiveUrl() + "/" + list.localPart() + "/" + seq;
    }

    private static String lines(org.infohub.core.i18n.Messages t, List<WatchMatcher.Hit> hits) {
        StringBuilder sb = new StringBuilder();
        for (WatchMatcher.Hit h : hits) {
            sb.append("  ").append(h.entry().type().code()).append(' ').append(h.entry().value());
            if (!h.matched().equalsIgnoreCase(h.entry().value())) {
                sb.append(t.get("watch.namedAs", h.matched()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private List<MailAddress> representatives(long seq, long listId, long organisationId) throws MessagingException {
        List<MailAddress> out = new ArrayList<>();
        for (String email : hub.audience().representatives(seq, listId, organisationId)) {
            out.add(new MailAddress(email));
        }
        return out;
    }
}
