package org.infohub.mailet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.Converter7Bit;
import org.infohub.core.member.HubList;
import org.infohub.mailet.delivery.SmtpData;
import org.infohub.mailet.delivery.SmtpPool;
import org.infohub.mailet.delivery.Transaction;
import org.infohub.mailet.trust.OutboundSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a list post to its members. The post is made 7-bit, DKIM-signed once and dot-stuffed once;
 * the same bytes go to every member, in transactions grouped by the members' domains (all
 * representatives of an organisation in one, at most {@code delivery.recipients.per.transaction}
 * each) with the post's tagged return path ({@code finance-bounces+42-TAG@HUB}). Two kinds of copy
 * cost more, and only where they buy something:
 * <ul>
 * <li>a rotating share of the members ({@code delivery.verp.rate}) gets the same bytes in a
 *     transaction of their own with a return path naming them ({@link org.infohub.core.trust.Verp}),
 *     so a bounce that does not say who failed still counts for someone;</li>
 * <li>members whose mail servers belong to the mailbox providers that require RFC 8058 one-click
 *     unsubscribe (or everyone, on a list set to {@code one-click always}) get a copy signed for
 *     them, with their own signed link in {@code List-Unsubscribe}.</li>
 * </ul>
 * Everyone else's {@code List-Unsubscribe} is the list's {@code mailto:} and the Public Zone page
 * where a representative manages their lists. Who was sent the post is recorded, so a bounce that
 * names a recipient counts only for a member who got it.
 *
 * <p>With a smarthost, the transactions go to it at once over connections kept open between posts
 * ({@link SmtpPool}, PIPELINING where offered); recipients it refuses for good go to the {@code
 * failedProcessor} (the list owners are told, the bounce is counted), the others to RemoteDelivery's
 * outgoing queue for its retries. Without a smarthost each transaction is one item on the outgoing
 * queue, which RemoteDelivery delivers to the domain's MX. Mail without a list (notices, digests)
 * passes on untouched. A crash halfway re-runs the whole post from the spool: members already
 * served get a second copy, nobody gets none.
 *
 * <pre>{@code
 * <mailet match="All" class="org.infohub.mailet.DeliverListMail">
 *   <outgoingQueue>outgoing</outgoingQueue>
 * </mailet>}</pre>
 */
public class DeliverListMail extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverListMail.class);
    private static final Session SESSION = Session.getInstance(new Properties());
    /** Where RemoteDelivery puts the reason of a failed delivery; {@link NotifyListOwners} reads it. */
    private static final org.apache.mailet.AttributeName DELIVERY_ERROR = org.apache.mailet.AttributeName.of("delivery-error");
    private static final byte[] CRLF = {'\r', '\n'};

    private final HubServices hub;
    private final MailQueueFactory<?> queues;
    private MailQueue outgoing;
    private MailQueue outgoingTls;
    private MailQueue outgoingSts;
    private String failedProcessor;
    private SmtpPool smarthost;

    @Inject
    public DeliverListMail(HubServices hub, MailQueueFactory<?> queues) {
        this.hub = hub;
        this.queues = queues;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of("outgoingQueue", "tlsQueue", "stsQueue", "failedProcessor"));
        outgoingSts = queues.createQueue(MailQueueName.of(getInitParameter("stsQueue", "outgoing-sts")));
        outgoing = queues.createQueue(MailQueueName.of(getInitParameter("outgoingQueue", "outgoing")));
        outgoingTls = queues.createQueue(MailQueueName.of(getInitParameter("tlsQueue", "outgoing-tls")));
        failedProcessor = getInitParameter("failedProcessor", Processors.DELIVERY_FAILED);
        int connections = hub.config().delivery().connections();
        org.infohub.mailet.delivery.OutgoingTls tls = outgoingTls(hub.config().delivery().outgoing());
        smarthost = hub.config().smarthost().map(h -> new SmtpPool(h.host(), h.port(), hub.domain(), connections,
                connections * 2, tls).onSessionFailure(hub.delivery().counters()::sessionFailure)).orElse(null);
    }

    /** The smarthost's TLS policy and account, the password read from its file now. */
    static org.infohub.mailet.delivery.OutgoingTls outgoingTls(org.infohub.core.config.HubConfig.Outgoing o)
            throws MessagingException {
        try {
            return org.infohub.mailet.delivery.OutgoingTls.of(o);
        } catch (java.io.IOException e) {
            throw new MessagingException(e.getMessage());
        }
    }

    @Override
    public void destroy() {
        if (smarthost != null) {
            smarthost.close();
        }
    }

    /** The copies of one post: the transactions and how many of each kind. */
    record Plan(List<Transaction> transactions, int shared, int verp, int personal) {
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        Optional<String> listName = HubAttributes.string(mail, HubAttributes.LIST);
        if (listName.isEmpty()) {
            if (mail.getRecipients().size() > 1
                    || (!mail.getRecipients().isEmpty() && HandOverDigest.outboxId(mail.getName()).isPresent())) {
                // A digest: signed once, sent like a post's shared copy, over the smarthost's
                // connections kept open. One reader's digest went the way of a notice (signed
                // below, a RemoteDelivery queue item journalled with its content, a connection and
                // a TLS handshake of its own), which with 850 different digests cost more than
                // building them.
                long t0 = System.nanoTime();
                List<Transaction> transactions = shared(mail);
                Sent sent = deliver(mail, transactions);
                hub.delivery().counters().add(sent.delivered(), sent.queued(), sent.refused());
                LOG.info("delivered mail={} message-id={} stage=deliver recipients={} transactions={} sent={} queued={} "
                        + "refused={} ms={}", mail.getName(), Posts.messageId(mail.getMessage()), mail.getRecipients().size(),
                        transactions.size(), sent.delivered(), sent.queued(), sent.refused(), (System.nanoTime() - t0) / 1_000_000);
                mail.setState(Mail.GHOST);
            } else if (smarthost == null && !mail.getRecipients().isEmpty() && RequiresTls.requires(hub, mail)) {
                // One reader's digest or a notice, left to RemoteDelivery's TLS queue: its domain is
                // asked too, so a domain that only takes digests is named when it is kept back.
                java.util.Map<String, Integer> copies = new java.util.TreeMap<>();
                for (MailAddress r : mail.getRecipients()) {
                    copies.merge(domainOf(r.asString().toLowerCase(Locale.ROOT)), 1, Integer::sum);
                }
                hub.delivery().probeLater(copies.keySet(), copies, (domains, server) -> tellOwners("all", domains, server));
            }
            return;
        }
        if (mail.getRecipients().isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        String list = listName.get();
        long seq = HubAttributes.longValue(mail, HubAttributes.SUBMISSION).orElse(0L);
        // Renewed just before the copies go: another node delivers this post only once the claim
        // has lapsed (a node held up here longer, as by a database outage, waits and looks again).
        if (seq > 0 && !ArchiveSubmission.claimed(hub, getMailetContext(), mail, seq, Processors.RELAY, "deliver")) {
            return;
        }
        List<String> members = new ArrayList<>();
        for (MailAddress r : mail.getRecipients()) {
            members.add(r.asString().toLowerCase(Locale.ROOT));
        }
        Plan plan = plan(mail, list, seq, members);
        Sent sent = deliver(mail, plan.transactions());
        hub.delivery().counters().add(sent.delivered(), sent.queued(), sent.refused());
        if (seq > 0) {
            try {
                hub.archive().markDistributed(seq, hub.clock().instant());
            } catch (org.infohub.core.db.DataAccessException e) {
                // The copies are out or queued already: failing here would send them all again.
                // Without the mark, only a crash re-run could send the copies a second time.
                LOG.warn("delivered mail={} seq={} but could not record it as distributed: {}", mail.getName(), seq,
                        e.getMessage());
            }
        }
        LOG.info("delivered mail={} message-id={} list={} stage=deliver members={} transactions={} shared={} verp={} "
                        + "personal={} sent={} queued={} refused={} ms={}", mail.getName(), Posts.messageId(mail.getMessage()),
                list, members.size(), plan.transactions().size(), plan.shared(), plan.verp(), plan.personal(),
                sent.delivered(), sent.queued(), sent.refused(), (System.nanoTime() - t0) / 1_000_000);
        mail.setState(Mail.GHOST);
    }

    private record Sent(int delivered, int queued, int refused) {
    }

    /**
     * To the smarthost now, else (and for what it could not take yet) onto the outgoing queue: the
     * one that requires STARTTLS when the mail's label is at or above the TLS floor. Copies the
     * smarthost could not take over TLS wait there too, and the list owners are told once.
     */
    private Sent deliver(Mail mail, List<Transaction> transactions) throws MessagingException {
        boolean requiresTls = RequiresTls.requires(hub, mail);
        List<Transaction> queued = transactions;
        int delivered = 0;
        int refused = 0;
        if (smarthost != null) {
            SmtpPool.Outcome outcome = smarthost.send(transactions, requiresTls);
            delivered = outcome.delivered();
            queued = new ArrayList<>(outcome.retry());
            queued.addAll(outcome.held());
            if (!outcome.held().isEmpty()) {
                heldForTls(mail, outcome.held());
            } else if (requiresTls && delivered > 0) {
                try {
                    hub.delivery().tlsHeld().clearedAt(smarthostName());
                } catch (RuntimeException e) {
                    LOG.warn("could not clear the domains held for TLS: {}", e.getMessage());
                }
            }
            int n = 0;
            for (SmtpPool.Refused f : outcome.refused()) {
                MailImpl failed = mailOf(mail.getName() + "-refused-" + (n++), f.transaction());
                HubAttributes.string(mail, HubAttributes.TLP).ifPresent(tlp -> failed.setAttribute(
                        new org.apache.mailet.Attribute(HubAttributes.TLP, org.apache.mailet.AttributeValue.of(tlp))));
                failed.setAttribute(new org.apache.mailet.Attribute(DELIVERY_ERROR,
                        org.apache.mailet.AttributeValue.of(f.reply())));
                try {
                    getMailetContext().sendMail(failed, failedProcessor);
                } finally {
                    failed.dispose();
                }
                refused += f.transaction().recipients().size();
            }
        }
        if (smarthost == null && requiresTls && !queued.isEmpty()) {
            // Straight to members' MX: learn, off this thread, which of them offer no STARTTLS.
            java.util.Map<String, Integer> copies = new java.util.TreeMap<>();
            for (Transaction t : queued) {
                for (String r : t.recipients()) {
                    copies.merge(r.substring(r.lastIndexOf('@') + 1), 1, Integer::sum);
                }
            }
            String list = HubAttributes.string(mail, HubAttributes.LIST).orElse("all");
            hub.delivery().probeLater(copies.keySet(), copies, (domains, server) -> tellOwners(list, domains, server));
        }
        int n = 0;
        for (Transaction t : queued) {
            MailImpl copy = mailOf(mail.getName() + "-" + (n++), t);
            HubAttributes.string(mail, HubAttributes.TLP).ifPresent(tlp -> copy.setAttribute(
                    new org.apache.mailet.Attribute(HubAttributes.TLP, org.apache.mailet.AttributeValue.of(tlp))));
            String domain = t.recipients().get(0).substring(t.recipients().get(0).lastIndexOf('@') + 1);
            // Straight to members' MX: a domain with an enforced MTA-STS policy gets its own queue.
            boolean sts = smarthost == null && hub.delivery().mtaStsEnforced(domain)
                    && t.recipients().stream().allMatch(r -> r.endsWith("@" + domain));
            try {
                (sts ? outgoingSts : requiresTls ? outgoingTls : outgoing).enQueue(copy);
            } finally {
                // The queue holds it now; the copy's own bytes (a temporary file past 100 KB) go at once.
                copy.dispose();
            }
        }
        return new Sent(delivered, n, refused);
    }

    /**
     * Copies the smarthost could not take over TLS: recorded per domain for the console and
     * {@code /metrics}, and the owners of the mail's list told once per domain. A failure to record
     * is logged: the copies wait on the TLS queue either way.
     */
    private void heldForTls(Mail mail, List<Transaction> held) {
        java.util.Map<String, Integer> byDomain = new java.util.TreeMap<>();
        for (Transaction t : held) {
            for (String r : t.recipients()) {
                byDomain.merge(r.substring(r.lastIndexOf('@') + 1), 1, Integer::sum);
            }
        }
        String server = smarthostName();
        String list = HubAttributes.string(mail, HubAttributes.LIST).orElse("");
        LOG.warn("held mail={} list={} stage=deliver copies={} domains={}: {} offered no STARTTLS and the mail's "
                + "label needs TLS; the copies wait on the TLS queue", mail.getName(), list, held.stream()
                .mapToInt(t -> t.recipients().size()).sum(), byDomain.size(), server);
        try {
            List<String> newly = hub.delivery().tlsHeld().hold(byDomain, server);
            if (!newly.isEmpty()) {
                tellOwners(list.isEmpty() ? "all" : list, newly, server);
            }
        } catch (RuntimeException e) {
            LOG.warn("held copies of mail={} could not be recorded: {}", mail.getName(), e.getMessage());
        }
    }

    private String smarthostName() {
        return "smarthost " + hub.config().smarthost().map(h -> h.host() + ":" + h.port()).orElse("");
    }

    private void tellOwners(String list, List<String> domains, String server) {
        try {
            Notices.Owners owners = Notices.Owners.of(hub, list);
            org.infohub.core.i18n.Messages t = Notices.forOwners(hub);
            StringBuilder lines = new StringBuilder();
            domains.forEach(d -> lines.append("  ").append(d).append('\n'));
            MimeMessage notice = Notices.create(hub.domain(), "postmaster@" + hub.domain(), owners.addresses(),
                    t.get("owners.tls.subject", domains.size()), "auto-generated", t.get("owners.tls.text", server, lines.toString()));
            notice.saveChanges();
            getMailetContext().sendMail(new MailAddress("postmaster@" + hub.domain()), owners.addresses(), notice,
                    owners.processor());
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("owners could not be told of copies kept back for TLS: {}", e.getMessage());
        }
    }

    /** A digest, for one reader or many (not a list post): signed once, grouped by domain. */
    private List<Transaction> shared(Mail mail) throws MessagingException {
        byte[] bytes = sevenBitBytes(mail.getMessage(), getMailetContext());
        OutboundSigner signer = hub.trust().signer();
        try {
            OutboundSigner.Prepared prepared = signer.prepare(bytes);
            SmtpData data = SmtpData.of(prepared.header(), CRLF, prepared.body())
                    .prepend((fold(signer.sign("", prepared)) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            Map<String, List<String>> byDomain = new java.util.TreeMap<>();
            for (MailAddress r : mail.getRecipients()) {
                String email = r.asString().toLowerCase(Locale.ROOT);
                byDomain.computeIfAbsent(domainOf(email), d -> new ArrayList<>()).add(email);
            }
            String from = mail.getMaybeSender().asString("");
            List<Transaction> out = new ArrayList<>();
            for (List<String> batch : batches(byDomain, hub.config().delivery().recipientsPerTransaction(), smarthost != null)) {
                out.add(new Transaction(from, batch, data));
            }
            return out;
        } catch (IOException e) {
            throw new MessagingException("cannot sign " + mail.getName(), e);
        }
    }

    /** Signs the post once (and once more for each member who needs a copy of their own) and groups the members. */
    Plan plan(Mail mail, String list, long seq, List<String> members) throws MessagingException {
        MimeMessage base = mail.getMessage();
        base.removeHeader("List-Unsubscribe");
        base.removeHeader("List-Unsubscribe-Post");
        byte[] bytes = sevenBitBytes(base, getMailetContext());
        OutboundSigner signer = hub.trust().signer();
        String domain = hub.domain();
        String mailto = "<mailto:" + list + "-request@" + domain + "?subject=unsubscribe>";
        String ref = Long.toString(seq);
        try {
            OutboundSigner.Prepared prepared = signer.prepare(bytes);
            SmtpData post = SmtpData.of(prepared.header(), CRLF, prepared.body());
            String sharedExtra = "List-Unsubscribe: " + mailto + ",\r\n\t<" + hub.config().publicUrl() + "/subscriptions>\r\n";
            SmtpData shared = post.prepend(((fold(signer.sign(sharedExtra, prepared)) + "\r\n" + sharedExtra))
                    .getBytes(StandardCharsets.US_ASCII));

            HubList hubList;
            try {
                hubList = hub.members().findList(list).orElse(null);
            } catch (org.infohub.core.db.DataAccessException e) {
                hubList = hub.lists().find(list).orElse(null); // MariaDB away: as last read
            }
            // RFC 8058 3.1: the one-click header only with an HTTPS link; without one the member still gets a
            // personal link (it opens the confirmation page) and the mailto.
            boolean oneClickPost = hub.config().oneClickPost();
            boolean always = hubList != null && hubList.oneClick() == HubList.OneClick.ALWAYS;
            Map<String, Boolean> providers = always ? Map.of() : hub.delivery().domains().oneClick(
                    members.stream().map(DeliverListMail::domainOf).collect(java.util.stream.Collectors.toSet()));
            int period = verpPeriod(hub.config().delivery().verpRate());
            int perTransaction = hub.config().delivery().recipientsPerTransaction();

            List<Transaction> transactions = new ArrayList<>();
            Map<String, List<String>> byDomain = new java.util.TreeMap<>();
            int verp = 0;
            int personal = 0;
            for (String member : members) {
                String memberDomain = domainOf(member);
                if (always || providers.getOrDefault(memberDomain, false)) {
                    String extra = "List-Unsubscribe: <" + hub.config().publicUrl() + "/unsubscribe/"
                            + hub.trust().tokens().sign(list, member) + ">,\r\n\t" + mailto + "\r\n"
                            + (oneClickPost ? "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" : "");
                    SmtpData own = post.prepend((fold(signer.sign(extra, prepared)) + "\r\n" + extra)
                            .getBytes(StandardCharsets.UTF_8));
                    transactions.add(new Transaction(hub.trust().verp().encode(list, member, ref, domain), List.of(member), own));
                    personal++;
                } else if (period > 0 && Math.floorMod(member.hashCode() + seq, period) == 0) {
                    transactions.add(new Transaction(hub.trust().verp().encode(list, member, ref, domain), List.of(member),
                            shared));
                    verp++;
                } else {
                    byDomain.computeIfAbsent(memberDomain, d -> new ArrayList<>()).add(member);
                }
            }
            String returnPath = hub.trust().verp().encodePost(list, ref, domain);
            List<List<String>> batches = batches(byDomain, perTransaction, smarthost != null);
            for (List<String> batch : batches) {
                transactions.add(new Transaction(returnPath, batch, shared));
            }
            return new Plan(transactions, batches.size(), verp, personal);
        } catch (IOException e) {
            throw new MessagingException("cannot sign " + mail.getName(), e);
        }
    }

    /**
     * The recipients cut into transactions of at most {@code limit}, domain by domain: every
     * representative of an organisation in one transaction when they fit. To a smarthost, small
     * domains share a transaction up to the limit (the smarthost sends each domain on); straight to
     * the members' servers, each domain has transactions of its own (one MX each).
     */
    static List<List<String>> batches(Map<String, List<String>> byDomain, int limit, boolean mixDomains) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (List<String> group : byDomain.values()) {
            if (!mixDomains || current.size() + group.size() > limit) {
                if (!current.isEmpty()) {
                    out.add(List.copyOf(current));
                }
                current = new ArrayList<>();
            }
            int i = 0;
            if (group.size() > limit) {
                for (; i + limit <= group.size(); i += limit) {
                    out.add(List.copyOf(group.subList(i, i + limit)));
                }
            }
            current.addAll(group.subList(i, group.size()));
            if (!mixDomains && !current.isEmpty()) {
                out.add(List.copyOf(current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            out.add(List.copyOf(current));
        }
        return out;
    }

    /** Every how many posts a member gets one with a return path of their own: 0 for never. */
    static int verpPeriod(double rate) {
        return rate <= 0 ? 0 : (int) Math.max(1, Math.round(1 / rate));
    }

    static String domainOf(String email) {
        return email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private static MailImpl mailOf(String name, Transaction t) throws MessagingException {
        List<MailAddress> to = new ArrayList<>();
        for (String r : t.recipients()) {
            to.add(new MailAddress(r));
        }
        return MailImpl.builder().name(name).sender(t.from().isEmpty() ? org.apache.james.core.MaybeSender.nullSender()
                        : org.apache.james.core.MaybeSender.of(new MailAddress(t.from()))).addRecipients(to)
                .mimeMessage(new MimeMessage(SESSION, t.data().stream())).build();
    }

    /**
     * The message as it will travel: 7-bit (RFC 6376 section 5.3), every line end CRLF. A message
     * that is 7-bit already, with no line near the limit and no part labelled 8bit, is taken as it
     * is written: the conversion would change nothing, and parsing every part of a 124 KB digest to
     * find that out was most of the spool's work for it ({@link #converted} otherwise).
     */
    static byte[] sevenBitBytes(MimeMessage message, org.apache.mailet.MailetContext context) throws MessagingException {
        byte[] written = written(message);
        // Writing anew would add these when missing (javax.mail's saveChanges); so then it is written anew.
        if (message.getHeader("Date") != null && message.getHeader("MIME-Version") != null
                && message.getHeader("Message-ID") != null && org.infohub.core.mime.SevenBit.fits(written)) {
            return crlf(written);
        }
        return converted(message, context);
    }

    private static byte[] written(MimeMessage message) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("cannot write the message", e);
        }
    }

    /** The full conversion: 8bit parts encoded again, long lines broken, the message written anew. */
    static byte[] converted(MimeMessage message, org.apache.mailet.MailetContext context) throws MessagingException {
        try {
            new Converter7Bit(context).convertTo7Bit(message);
            org.infohub.core.mime.SevenBit.encode(message);
            message.saveChanges();
        } catch (IOException | MessagingException | RuntimeException e) {
            // A body the converter cannot walk is sent as it is; the signature still covers it.
            LOG.info("7-bit conversion skipped: {}", e.getMessage());
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return crlf(out.toByteArray());
        } catch (IOException e) {
            throw new MessagingException("cannot write the message", e);
        }
    }

    /**
     * Every line end as CRLF, as SMTP will send it: a body written with bare LF (a footer added as
     * Java text) would otherwise be hashed differently from what the receiver sees.
     */
    static byte[] crlf(byte[] in) {
        int bare = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                i++;
            } else if (in[i] == '\r' || in[i] == '\n') {
                bare++;
            }
        }
        if (bare == 0) {
            // Every line ends in CRLF already (as javax.mail writes them): nothing to copy.
            return in;
        }
        byte[] out = new byte[in.length + bare];
        int o = 0;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r' || b == '\n') {
                out[o++] = '\r';
                out[o++] = '\n';
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else {
                out[o++] = b;
            }
        }
        return out;
    }

    /** Folds the long DKIM-Signature field between tags; relaxed canonicalisation makes it the same. */
    static String fold(String field) {
        return field.replace("; ", ";\r\n\t");
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
