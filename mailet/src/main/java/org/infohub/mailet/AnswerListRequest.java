package org.infohub.mailet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.archive.MessageText;
import org.infohub.core.i18n.Messages;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.Representative;
import org.infohub.core.member.SubscriptionRequests;
import org.infohub.core.member.SubscriptionRequests.Action;
import org.infohub.core.member.ValidationException;
import org.infohub.core.release.Releases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail commands at {@code <list>-request@}: {@code help}, {@code subscribe}, {@code unsubscribe},
 * {@code digest on}, {@code digest off}, read from the subject and the first lines of the body.
 * A change is only made after a round trip: the answer carries a token, and the representative
 * replies to it (or sends {@code confirm TOKEN}). Only registered representatives whose
 * organisation belongs to the list can change anything. Only mail whose envelope sender and
 * {@code From:} are the same registered representative, confirmed by SPF, DKIM or SMTP AUTH, is
 * answered, and the answer (with any token) goes to the registered address; anything else passes
 * on unanswered to the next mailet (a repository). Answers are {@code Auto-Submitted:
 * auto-replied}; null senders and automatic mail get none.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.AnswerListRequest"><processor>hub-relay</processor></mailet>}</pre>
 */
public class AnswerListRequest extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerListRequest.class);
    private static final Pattern CONFIRM = Pattern.compile("(?i)\\bconfirm\\s+([0-9a-f]{32})\\b");
    private static final Pattern RELEASE = Pattern.compile("(?i)\\brelease\\s+([0-9a-f]{32})\\b");
    private static final int MAX_COMMAND_LINES = 10;

    private final HubServices hub;
    private String processor;

    @Inject
    public AnswerListRequest(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of("processor"));
        processor = Notices.processor(this);
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        if (mail.getMaybeSender().isNullSender() || VetSender.isAutomatic(mail.getMessage())) {
            recordAutomaticReleaseReply(mail);
            mail.setState(Mail.GHOST);
            return;
        }
        MailAddress request = mail.getRecipients().iterator().next();
        String listPart = RecipientIsListRole.listOf(request.getLocalPart(), "request").orElse("");
        String envelope = mail.getMaybeSender().get().asString();
        String from = Posts.from(mail.getMessage()).orElse("");
        if (!from.equalsIgnoreCase(envelope)) {
            // Who asks is who the envelope and From: both name; when they differ, nobody is.
            LOG.info("unanswered mail={} stage=request list={} reason=envelope sender and From: differ", mail.getName(),
                    listPart);
            return;
        }
        Optional<Representative> rep = Notices.answerable(hub, mail);
        if (rep.isEmpty()) {
            LOG.info("unanswered mail={} stage=request list={} reason=sender not a representative confirmed by SPF, "
                    + "DKIM or SMTP AUTH", mail.getName(), listPart);
            return;
        }
        Optional<HubList> list = hub.lists().find(listPart);
        // Answers, and the tokens in them, go only to the registered address.
        MailAddress to = new MailAddress(rep.get().email());
        MimeMessage message = mail.getMessage();
        Messages t = Notices.messagesFor(hub, rep.get().email());
        Answer answer = list.map(l -> answer(t, l, rep, message))
                .orElse(new Answer(t.get("request.noList", listPart + "@" + hub.domain()) + "\n", Optional.empty(), false));
        MimeMessage reply = Notices.create(hub.domain(), request.asString(), List.of(to), subjectOf(t, answer, request),
                "auto-replied", answer.text() + "\n" + t.get("request.automatic", listPart + "-owner@" + hub.domain()) + "\n");
        Optional<String> originalId = Posts.header(mail.getMessage(), "Message-ID");
        if (originalId.isPresent()) {
            reply.setHeader("In-Reply-To", originalId.get());
        }
        reply.saveChanges();
        getMailetContext().sendMail(new MailAddress(listPart + "-bounces@" + hub.domain()), List.of(to), reply, processor);
        LOG.info("answered mail={} stage=request list={}", mail.getName(), listPart);
        mail.setState(Mail.GHOST);
    }

    /** An answer's text, the confirmation token in it if any, and whether it answers a release request. */
    private record Answer(String text, Optional<String> token, boolean release) {
        static Answer of(String text) {
            return new Answer(text, Optional.empty(), false);
        }
    }

    /** The subject carries the token when there is one, so a plain reply confirms. */
    private static String subjectOf(Messages t, Answer answer, MailAddress request) {
        if (answer.release()) {
            return t.get("request.subjectRelease");
        }
        return answer.token().map(token -> "confirm " + token).orElseGet(() -> t.get("request.subject", request.asString()));
    }

    private Answer answer(Messages t, HubList list, Optional<Representative> rep, MimeMessage message) {
        List<String> commands = commands(message);
        Optional<String> release = commands.stream().map(RELEASE::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
        if (release.isPresent() && rep.isPresent()) {
            return new Answer(answerRelease(t, release.get(), rep.get(), message), Optional.empty(), true);
        }
        Optional<String> token = commands.stream().map(CONFIRM::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
        String listAddress = list.address(hub.domain());
        if (rep.isEmpty()) {
            return Answer.of(commands.stream().anyMatch(c -> c.startsWith("help")) || commands.isEmpty() ? help(t, list)
                    : t.get("request.notRegistered", listAddress) + "\n");
        }
        Representative r = rep.get();
        if (!r.active()) {
            return Answer.of(t.get("request.suspended", r.email()) + "\n");
        }
        SubscriptionRequests requests = new SubscriptionRequests(hub.members().jdbc(), hub.clock());
        if (token.isPresent()) {
            return Answer.of(confirm(t, list, r, requests, token.get()));
        }
        Optional<Action> action = commands.stream().map(AnswerListRequest::action).flatMap(Optional::stream).findFirst();
        if (action.isEmpty()) {
            return Answer.of(help(t, list));
        }
        if (!hub.members().isMember(list, r)) {
            return Answer.of(t.get("request.notMember", r.organisationName(), listAddress, list.membershipInWords(t),
                    command(t, action.get()), list.localPart() + "-owner@" + hub.domain()) + "\n");
        }
        String created = requests.create(r, list, action.get());
        LOG.info("request pending list={} action={}", list.localPart(), action.get());
        return new Answer(t.get("request.confirm", command(t, action.get()), listAddress,
                t.get("request.mode." + hub.members().modeOf(r, list).code()), list.localPart() + "-request@" + hub.domain(),
                created, SubscriptionRequests.VALID.toDays()) + "\n", Optional.of(created), false);
    }

    private static String command(Messages t, Action action) {
        return t.get(switch (action) {
            case SUBSCRIBE -> "request.command.subscribe";
            case UNSUBSCRIBE -> "request.command.unsubscribe";
            case DIGEST_ON -> "request.command.digestOn";
            case DIGEST_OFF -> "request.command.digestOff";
        });
    }

    /**
     * The originator's answer to a request to publish their post. Only a first line that is the
     * single word {@code agree} (or {@code 同意}) publishes (and only the very text they were sent);
     * {@code refuse} ({@code 拒絕}) refuses; anything else (a question, "please do not publish", a
     * comment) publishes nothing and is shown to the administrators on the release's page.
     */
    private String answerRelease(Messages t, String token, Representative r, MimeMessage message) {
        String written = replyText(message);
        Releases.Answer answer = Releases.Answer.ofReply(written);
        Optional<Releases.Release> done = releases().answer(token.toLowerCase(Locale.ROOT), r.email(), answer,
                written);
        if (done.isEmpty()) {
            return t.get("request.releaseUnknown") + "\n";
        }
        LOG.info("release={} answered by its originator: {} -> {}", done.get().id(), answer, done.get().state());
        if (done.get().state() == Releases.State.PUBLISHED) {
            return t.get("request.releaseAgreed") + "\n";
        }
        if (done.get().state() == Releases.State.REFUSED) {
            return t.get("request.releaseRefused") + "\n";
        }
        return t.get("request.releaseUnclear") + "\n";
    }

    private Releases releases() {
        return new Releases(hub.members().jdbc(), hub.archive(), new AuditLog(hub.members().jdbc(), hub.clock()), hub.clock());
    }

    /** An out-of-office or other automatic reply to a consent request: kept for the administrators, never an answer. */
    private void recordAutomaticReleaseReply(Mail mail) {
        if (mail.getMaybeSender().isNullSender()) {
            return;
        }
        try {
            Optional<String> token = commands(mail.getMessage()).stream().map(RELEASE::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).findFirst();
            if (token.isPresent()) {
                releases().answer(token.get().toLowerCase(Locale.ROOT), mail.getMaybeSender().get().asString(),
                        Releases.Answer.AUTOMATIC, replyText(mail.getMessage()));
                LOG.info("release reply mail={} stage=request automatic reply kept for the administrators", mail.getName());
            }
        } catch (MessagingException | RuntimeException e) {
            LOG.info("release reply mail={} stage=request automatic reply not kept: {}", mail.getName(), e.getMessage());
        }
    }

    /** What the originator wrote, without the quoted request: for the administrators to read. */
    static String replyText(MimeMessage message) {
        String body;
        try {
            body = MessageText.of(message).body();
        } catch (RuntimeException e) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\\R")) {
            if (line.startsWith(">") || line.matches("(?i)^On .{0,200} wrote:\\s*$") || line.equals("-- ")) {
                break;
            }
            out.append(line).append('\n');
            if (out.length() > 4000) {
                break;
            }
        }
        return out.toString().strip();
    }

    private String confirm(Messages t, HubList list, Representative r, SubscriptionRequests requests, String token) {
        String[] result = new String[1];
        Optional<SubscriptionRequests.Pending> done = requests.confirm(token, r, pending -> {
            if (pending.listId() != list.id()) {
                throw ValidationException.of("token", t.get("request.tokenOtherList"));
            }
            MembershipAdmin admin = new MembershipAdmin(hub.members(), new AuditLog(hub.members().jdbc(), hub.clock()),
                    hub.clock());
            DeliveryMode mode = admin.setSubscription("email:" + r.email(), r.email(), list.localPart(),
                    pending.action().mode());
            result[0] = t.get("request.done", list.address(hub.domain()), t.get("request.describe." + mode.code())) + "\n";
        });
        if (done.isEmpty()) {
            return t.get("request.tokenUnknown") + "\n";
        }
        LOG.info("request confirmed list={} action={}", list.localPart(), done.get().action());
        return result[0];
    }

    private String help(Messages t, HubList list) {
        return t.get("request.help", list.address(hub.domain()), list.localPart() + "-request@" + hub.domain(),
                list.membershipInWords(t)) + "\n";
    }

    /** The subject and the first lines of the text, lower case, up to a blank line after a command or a signature. */
    static List<String> commands(MimeMessage message) {
        List<String> lines = new ArrayList<>();
        MessageText text;
        try {
            text = MessageText.of(message);
        } catch (RuntimeException e) {
            return lines;
        }
        String subject = text.subject().replaceFirst("(?i)^\\s*(re|aw|sv|fwd?)\\s*:\\s*", "").trim();
        if (!subject.isEmpty()) {
            lines.add(subject.toLowerCase(Locale.ROOT));
        }
        for (String line : text.body().split("\\R")) {
            String l = line.trim();
            if (l.equals("--") || l.equals("-- ") || l.startsWith(">")) {
                break;
            }
            if (l.isEmpty()) {
                if (lines.size() > (subject.isEmpty() ? 0 : 1)) {
                    break;
                }
                continue;
            }
            lines.add(l.toLowerCase(Locale.ROOT));
            if (lines.size() >= MAX_COMMAND_LINES) {
                break;
            }
        }
        return lines;
    }

    static Optional<Action> action(String line) {
        String l = line.replaceAll("\\s+", " ").trim();
        if (l.startsWith("unsubscribe")) {
            return Optional.of(Action.UNSUBSCRIBE);
        }
        if (l.startsWith("subscribe")) {
            return Optional.of(Action.SUBSCRIBE);
        }
        if (l.startsWith("digest on")) {
            return Optional.of(Action.DIGEST_ON);
        }
        if (l.startsWith("digest off")) {
            return Optional.of(Action.DIGEST_OFF);
        }
        return Optional.empty();
    }
}
