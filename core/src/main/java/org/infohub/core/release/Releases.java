package org.infohub.core.release;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.Submission;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.Page;
import org.infohub.core.member.ValidationException;
import org.infohub.core.tlp.Tlp;
import org.infohub.core.tlp.TlpClassifier;

/**
 * The release workflow: an archived post becomes a draft with redactions proposed (senders,
 * member organisations, e-mail addresses, phone numbers, private and internal addresses, host
 * names under members' domains); the administrator edits and publishes. TLP decides what
 * publishing means: CLEAR is published at once; GREEN, AMBER and AMBER+STRICT wait for the
 * originator's consent; RED can never be released, by any path. Every step is audited.
 */
public final class Releases {

    /** Where a release stands. */
    public enum State { DRAFT, AWAITING_CONSENT, PUBLISHED, UNPUBLISHED, REFUSED }

    /**
     * A release: one document, every part of which is public once published (title, summary, text,
     * and for an event its time, place and link), with the phrases the administrator took out, which
     * are taken out of every part. Every public artefact (the Public Zone page, Atom, the public
     * STIX/TAXII/MISP items, the public .ics) is rendered from this and nothing else.
     */
    public record Release(long id, long seq, String title, String summary, String body, State state, Tlp originalTlp,
                          Optional<Instant> publishedAt, Optional<String> consentToken, Optional<EventPart> event,
                          List<String> removed) {
    }

    /** The event part of a release: its time as the invitation gave it, its place and link as released. */
    public record EventPart(Instant starts, Optional<Instant> ends, String place, String link) {
    }

    /** What an administrator submits: every editable part, and the phrases to take out everywhere (one per line). */
    public record Edit(String title, String summary, String body, String place, String link, String removed) {
        public Edit(String title, String summary, String body) {
            this(title, summary, body, null, null, null);
        }
    }

    /** The summary a release gets when the administrator writes none: the opening of its text. */
    public static String summaryOf(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() <= 280 ? b : b.substring(0, 280).replaceAll("\\s+\\S*$", "") + "\u2026";
    }

    public static final String REDACTED = "[redacted]";

    private static final String COLUMNS = "SELECT id, seq, title, summary, body, state, original_tlp, published_at, consent_token, "
            + "event_starts, event_ends, event_place, event_link, removed FROM public_release";

    private final Jdbc jdbc;
    private final ArchiveRepository archive;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Releases(Jdbc jdbc, ArchiveRepository archive, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.archive = archive;
        this.audit = audit;
        this.clock = clock;
    }

    /** A draft for post {@code seq}, redactions proposed. RED posts are refused here already. */
    public Release draft(String actor, long seq) {
        Submission post = archive.findBySeq(seq).orElseThrow(() -> ValidationException.of("post", "no archived post " + seq));
        if (post.tlp() == Tlp.RED) {
            throw ValidationException.of("tlp", "the post is TLP:RED: it can never be released");
        }
        Optional<Release> existing = bySeq(seq);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<String> secrets = secrets(post);
        String title = redact(TlpClassifier.stripLabels(post.subject().replaceFirst("(?i)^\\s*(\\[[^]]*]\\s*)?", ""))
                .strip(), secrets);
        String body = redact(withoutLabelsAndSignature(post.textBody()), secrets);
        String summary = summaryOf(body);
        // An event's time is public; its place is redacted like the text; the invitation's own link
        // (a meeting room, a private conference line) is not taken: an administrator may add one.
        Optional<org.infohub.core.event.Events.Event> event = new org.infohub.core.event.Events(jdbc).of(seq);
        String place = event.map(e -> redact(e.location(), secrets)).orElse(null);
        Instant now = clock.instant();
        return jdbc.inTransaction(() -> {
            long id = jdbc.insert("INSERT INTO public_release (seq, title, summary, body, state, original_tlp, created_by, "
                    + "created_at, updated_at, event_starts, event_ends, event_place, event_link, removed) "
                    + "VALUES (?, ?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, '')", seq, cut(title.isEmpty() ? "(untitled)" : title, 300),
                    summary, body, post.tlp().code(), actor, Timestamp.from(now), Timestamp.from(now),
                    event.map(e -> Timestamp.from(e.starts())).orElse(null),
                    event.flatMap(e -> e.ends()).map(Timestamp::from).orElse(null), place == null ? null : cut(place, 500),
                    event.isPresent() ? "" : null);
            audit.record(actor, "release.draft", "release", Long.toString(id), "", "post=" + seq + "; tlp=" + post.tlp().code()
                    + "; redactions proposed=" + secrets.size());
            return find(id).orElseThrow();
        });
    }

    /**
     * Saves an edit. While the originator's consent is awaited the text is frozen: an edit
     * withdraws the request (its token stops working) and asks again with the new text.
     */
    public Release edit(String actor, long id, String title, String summary, String body) {
        return edit(actor, id, new Edit(title, summary, body));
    }

    /**
     * Saves an edit of the one document. What the administrator took out of the text or the place
     * (compared word by word with the part before) joins the phrases removed, and each of those is
     * taken out of every part: a figure removed from the text cannot stay in the summary, the title
     * or the place. A summary left as it was drafted (or left empty) follows the text.
     */
    public Release edit(String actor, long id, Edit edit) {
        Release before = find(id).orElseThrow(() -> ValidationException.of("release", "no release " + id));
        if (before.state() == State.PUBLISHED) {
            throw ValidationException.of("release", "unpublish the release before changing it");
        }
        java.util.Map<String, String> errors = new java.util.LinkedHashMap<>();
        String title = edit.title() == null ? "" : edit.title().strip();
        String body = edit.body() == null ? "" : edit.body().strip();
        if (title.isBlank()) {
            errors.put("title", "the title is empty");
        } else if (title.length() > 300) {
            errors.put("title", "the title is longer than 300 characters");
        }
        if (body.isBlank()) {
            errors.put("body", "the text is empty");
        }
        String place = edit.place() == null ? before.event().map(EventPart::place).orElse("") : edit.place().strip();
        String link = edit.link() == null ? before.event().map(EventPart::link).orElse("") : edit.link().strip();
        if (place.length() > 500) {
            errors.put("place", "the place is longer than 500 characters");
        }
        if (!link.isEmpty() && !link.matches("(?i)https?://[^\\s<>\"]{1,990}")) {
            errors.put("link", "a web address (https://...) of at most 1,000 characters");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String submitted = edit.summary() == null ? "" : edit.summary().strip();
        // A summary nobody wrote follows the text; one the administrator wrote is theirs.
        boolean derived = submitted.isEmpty() || submitted.equals(before.summary()) && before.summary().equals(summaryOf(before.body()));
        java.util.LinkedHashSet<String> removed = new java.util.LinkedHashSet<>(
                edit.removed() == null ? before.removed() : Edits.parse(edit.removed()));
        // What goes from the text (and the place) goes from every part. A title or summary rewritten
        // is editing, not redaction: its old words are not taken out of the text.
        removed.addAll(Edits.removed(before.body(), body));
        if (before.event().isPresent()) {
            removed.addAll(Edits.removed(before.event().get().place(), place));
            removed.addAll(Edits.removed(before.event().get().link(), link));
        }
        List<String> phrases = List.copyOf(removed);
        String newTitle = cut(Edits.apply(title, phrases), 300);
        String newBody = Edits.apply(body, phrases);
        String newSummary = derived ? summaryOf(newBody) : Edits.apply(submitted, phrases);
        String newPlace = Edits.apply(place, phrases);
        String newLink = link.isEmpty() || Edits.apply(link, phrases).equals(link) ? link : "";
        Release after = new Release(id, before.seq(), newTitle, newSummary, newBody, before.state(), before.originalTlp(),
                before.publishedAt(), before.consentToken(), before.event().map(e -> new EventPart(e.starts(), e.ends(),
                newPlace, newLink)), phrases);
        boolean changed = !consentText(before).equals(consentText(after));
        jdbc.inTransaction(() -> {
            jdbc.execute("UPDATE public_release SET title = ?, summary = ?, body = ?, event_place = ?, event_link = ?, removed = ?, "
                    + "updated_at = ? WHERE id = ?", newTitle, newSummary, newBody,
                    after.event().map(EventPart::place).orElse(null), after.event().map(EventPart::link).orElse(null),
                    String.join("\n", phrases), Timestamp.from(clock.instant()), id);
            audit.record(actor, "release.edit", "release", Long.toString(id), changes(before, after),
                    changed ? "saved" : "saved, unchanged");
            if (changed && before.state() == State.AWAITING_CONSENT) {
                Release edited = find(id).orElseThrow();
                jdbc.execute("UPDATE public_release SET consent_token = ?, consent_sha256 = ?, consent_asked_at = NULL "
                        + "WHERE id = ?", newToken(), sha256(consentText(edited)), id);
                audit.record(actor, "release.ask-consent-again", "release", Long.toString(id), "consent asked for the old text",
                        "request withdrawn; consent asked for the edited text");
            }
            return null;
        });
        return find(id).orElseThrow();
    }

    /**
     * Publishes a CLEAR release; asks the originator's consent for GREEN and AMBER ones (the
     * server mails it; see {@link #awaitingConsentMail}); refuses RED.
     */
    public Release publish(String actor, long id) {
        Release r = find(id).orElseThrow(() -> ValidationException.of("release", "no release " + id));
        if (r.originalTlp() == Tlp.RED) {
            throw ValidationException.of("tlp", "the post is TLP:RED: it can never be released");
        }
        Instant now = clock.instant();
        return jdbc.inTransaction(() -> {
            if (r.originalTlp() == Tlp.CLEAR) {
                jdbc.execute("UPDATE public_release SET state = 'PUBLISHED', published_at = ?, updated_at = ?, "
                        + "published_sha256 = ? WHERE id = ?", Timestamp.from(now), Timestamp.from(now), sha256(consentText(r)), id);
                audit.record(actor, "release.publish", "release", Long.toString(id), "state=" + r.state(), "state=PUBLISHED");
            } else {
                jdbc.execute("UPDATE public_release SET state = 'AWAITING_CONSENT', consent_token = ?, consent_asked_at = NULL, "
                        + "consent_sha256 = ?, updated_at = ? WHERE id = ?", newToken(), sha256(consentText(r)),
                        Timestamp.from(now), id);
                audit.record(actor, "release.ask-consent", "release", Long.toString(id), "state=" + r.state(),
                        "state=AWAITING_CONSENT; tlp=" + r.originalTlp().code());
            }
            return find(id).orElseThrow();
        });
    }

    public Release unpublish(String actor, long id) {
        Release r = find(id).orElseThrow(() -> ValidationException.of("release", "no release " + id));
        jdbc.inTransaction(() -> {
            jdbc.execute("UPDATE public_release SET state = 'UNPUBLISHED', updated_at = ? WHERE id = ?",
                    Timestamp.from(clock.instant()), id);
            audit.record(actor, "release.unpublish", "release", Long.toString(id), "state=" + r.state(), "state=UNPUBLISHED");
            return null;
        });
        return find(id).orElseThrow();
    }

    /** What an originator's reply to a consent request says. */
    public enum Answer {
        /** The first line of the reply is the single word {@code agree}. */
        AGREED,
        /** The first line is the single word {@code refuse}. */
        REFUSED,
        /** Anything else: a question, a refusal in other words, a comment. Publishes nothing. */
        UNCLEAR,
        /** An automatic reply (out of office). Publishes nothing. */
        AUTOMATIC;

        /** A line that only repeats the request's command, as some clients put it first. */
        private static final java.util.regex.Pattern COMMAND_ONLY =
                java.util.regex.Pattern.compile("(?i)\\s*release\\s+[0-9a-f]{32}\\s*");

        /**
         * Reads the answer in what the originator wrote (the reply's text without the quoted
         * request): its first non-blank line, or the line after it when that first line only
         * repeats the {@code release TOKEN} command. Never a line further down: "Disagree", then a
         * quoted command, then "agree" is not an agreement.
         */
        public static Answer ofReply(String written) {
            if (written == null) {
                return UNCLEAR;
            }
            String first = null;
            int start = 0;
            int n = written.length();
            while (start <= n) {
                int end = written.indexOf('\n', start);
                if (end < 0) {
                    end = n;
                }
                String line = written.substring(start, end).strip();
                start = end + 1;
                if (line.isEmpty()) {
                    continue;
                }
                if (first == null && COMMAND_ONLY.matcher(line).matches()) {
                    first = line;
                    continue;
                }
                return of(line);
            }
            return UNCLEAR;
        }

        /**
         * Reads the first line the originator wrote (quoted text and the subject not included):
         * {@code agree} or {@code 同意} agrees, {@code refuse} or {@code 拒絕} refuses, as the request
         * in either language asks; nothing else does.
         */
        public static Answer of(String firstLine) {
            String l = firstLine == null ? "" : firstLine.strip().toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[.!\u3002\uff01]+$", "");
            return l.equals("agree") || l.equals("\u540c\u610f") ? AGREED
                    : l.equals("refuse") || l.equals("\u62d2\u7d55") ? REFUSED : UNCLEAR;
        }
    }

    /** One reply of an originator, as the console shows it. */
    public record Reply(Instant at, String sender, String outcome, String text) {
    }

    /**
     * The originator's reply, by the token of the consent mail; empty when the token is unknown,
     * no longer asked for (the text was edited since), or the sender is not the originator. Every
     * reply is kept for the administrators. Only {@link Answer#AGREED} publishes, and only the
     * very text the originator was sent (its hash is compared).
     */
    public Optional<Release> answer(String token, String originator, Answer answer, String replyText) {
        return jdbc.inTransaction(() -> {
            Optional<Release> r = jdbc.queryOne(COLUMNS + " WHERE consent_token = ? AND state = 'AWAITING_CONSENT' FOR UPDATE",
                    Releases::map, token);
            if (r.isEmpty()) {
                return Optional.<Release>empty();
            }
            Submission post = archive.findBySeq(r.get().seq()).orElseThrow();
            if (!post.sender().equalsIgnoreCase(originator)) {
                return Optional.<Release>empty();
            }
            long id = r.get().id();
            Instant now = clock.instant();
            String asked = jdbc.queryOne("SELECT consent_sha256 FROM public_release WHERE id = ?", rs -> rs.getString(1), id)
                    .orElse("");
            String current = sha256(consentText(r.get()));
            Answer outcome = answer == Answer.AGREED && !current.equals(asked) ? null : answer;
            jdbc.execute("INSERT INTO release_reply (release_id, received_at, sender, outcome, text) VALUES (?, ?, ?, ?, ?)",
                    id, Timestamp.from(now), originator.toLowerCase(java.util.Locale.ROOT),
                    outcome == null ? "stale" : outcome.name().toLowerCase(java.util.Locale.ROOT), cut(replyText == null ? ""
                            : replyText.strip(), 4000));
            if (outcome == Answer.AGREED) {
                jdbc.execute("UPDATE public_release SET state = 'PUBLISHED', consent_answered_at = ?, published_at = ?, "
                        + "published_sha256 = ?, updated_at = ? WHERE id = ?", Timestamp.from(now), Timestamp.from(now), asked,
                        Timestamp.from(now), id);
                audit.record("email:" + originator, "release.consent", "release", Long.toString(id), "state=AWAITING_CONSENT",
                        "state=PUBLISHED; text sha256=" + asked);
            } else if (outcome == Answer.REFUSED) {
                jdbc.execute("UPDATE public_release SET state = 'REFUSED', consent_answered_at = ?, updated_at = ? WHERE id = ?",
                        Timestamp.from(now), Timestamp.from(now), id);
                audit.record("email:" + originator, "release.refuse", "release", Long.toString(id), "state=AWAITING_CONSENT",
                        "state=REFUSED");
            } else {
                audit.record("email:" + originator, "release.reply", "release", Long.toString(id), "state=AWAITING_CONSENT",
                        "state=AWAITING_CONSENT; reply " + (outcome == null ? "to an older text" : outcome.name().toLowerCase(
                                java.util.Locale.ROOT)) + ", nothing published");
            }
            return find(id);
        });
    }

    /** Every reply to the consent requests of release {@code id}, oldest first. */
    public List<Reply> replies(long id) {
        return jdbc.query("SELECT received_at, sender, outcome, text FROM release_reply WHERE release_id = ? ORDER BY id",
                rs -> new Reply(Jdbc.instant(rs, "received_at"), rs.getString(2), rs.getString(3), rs.getString(4)), id);
    }

    /**
     * The exact document an originator is asked to agree to, and that is published: title, summary,
     * text and, for an event, its time, place and link. Its SHA-256 is kept when consent is asked,
     * and compared when it is given: a change to any part asks again.
     */
    public static String consentText(Release r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Title: ").append(r.title()).append("\n\nSummary:\n").append(r.summary()).append("\n\nText:\n")
                .append(r.body()).append("\n");
        r.event().ifPresent(e -> {
            sb.append("\nEvent: ").append(e.starts());
            e.ends().ifPresent(end -> sb.append(" to ").append(end));
            sb.append("\nPlace: ").append(e.place().isEmpty() ? "(none)" : e.place());
            sb.append("\nLink: ").append(e.link().isEmpty() ? "(none)" : e.link()).append("\n");
        });
        return sb.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String newToken() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** What an edit changed, part by part, for the audit log (never the text itself). */
    private static String changes(Release before, Release after) {
        List<String> changed = new ArrayList<>();
        if (!before.title().equals(after.title())) {
            changed.add("title: " + cut(before.title(), 80) + " -> " + cut(after.title(), 80));
        }
        if (!before.summary().equals(after.summary())) {
            changed.add("summary changed");
        }
        if (!before.body().equals(after.body())) {
            changed.add("text changed");
        }
        if (!before.event().equals(after.event())) {
            changed.add("event changed");
        }
        if (!before.removed().equals(after.removed())) {
            changed.add("phrases taken out everywhere: " + after.removed().size());
        }
        return changed.isEmpty() ? "no change" : String.join("; ", changed);
    }

    /**
     * The post's text for a draft: cut at the signature separator ({@code -- }: the sender's
     * signature and any list footer quoted in it go), and without TLP labels: a released item is
     * TLP:CLEAR, and a leftover "TLP:GREEN" in its summary would say otherwise.
     */
    static String withoutLabelsAndSignature(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\\R", -1)) {
            if (line.equals("-- ") || line.equals("--")) {
                break;
            }
            String stripped = TlpClassifier.stripLabels(line);
            if (!stripped.isBlank() || line.isBlank()) {
                out.append(stripped.replaceAll("^[\\s:;,\\-\\]\\[()]+$", "")).append('\n');
            }
        }
        return out.toString().strip();
    }

    /** Releases whose consent mail has not been sent yet, with the originator's address. */
    public List<Release> awaitingConsentMail() {
        return jdbc.query(COLUMNS + " WHERE state = 'AWAITING_CONSENT' AND consent_asked_at IS NULL", Releases::map);
    }

    public void consentAsked(long id) {
        jdbc.execute("UPDATE public_release SET consent_asked_at = ? WHERE id = ?", Timestamp.from(clock.instant()), id);
    }

    public String originator(Release r) {
        return archive.findBySeq(r.seq()).map(Submission::sender).orElse("");
    }

    public Optional<Release> find(long id) {
        return jdbc.queryOne(COLUMNS + " WHERE id = ?", Releases::map, id);
    }

    public Optional<Release> bySeq(long seq) {
        return jdbc.queryOne(COLUMNS + " WHERE seq = ?", Releases::map, seq);
    }

    /**
     * Published releases with an event that has not ended by {@code from}, soonest first: the Public
     * Zone's calendar, from the released document only.
     */
    public List<Release> publishedEvents(Instant from, int limit) {
        return jdbc.query(COLUMNS + " WHERE state = 'PUBLISHED' AND event_starts IS NOT NULL AND COALESCE(event_ends, "
                + "event_starts) >= ? ORDER BY event_starts LIMIT ?", Releases::map, Timestamp.from(from), limit);
    }

    /** Published releases only, newest first, optionally those whose title or text holds {@code search}. */
    public Page<Release> published(String search, int page, int size) {
        return published(search, Optional.empty(), page, size);
    }

    /** The same, only of posts of {@code kind} when one is given. */
    public Page<Release> published(String search, Optional<org.infohub.core.kind.Kind> kind, int page, int size) {
        String text = search == null ? "" : search.strip();
        String like = org.infohub.core.member.MembershipRepository.like(text);
        String k = kind.map(org.infohub.core.kind.Kind::code).orElse("");
        String where = " WHERE state = 'PUBLISHED' AND (? = '' OR title LIKE ? OR summary LIKE ? OR body LIKE ?)"
                + " AND (? = '' OR seq IN (SELECT s.seq FROM submission s WHERE s.kind = ?))";
        long total = jdbc.queryLong("SELECT COUNT(*) FROM public_release" + where, text, like, like, like, k, k);
        List<Release> rows = jdbc.query(COLUMNS + where + " ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?",
                Releases::map, text, like, like, like, k, k, size, (long) Math.max(0, page - 1) * size);
        return new Page<>(rows, total, page, size);
    }

    /**
     * When the public list of {@code kind} (every kind when empty) last changed: the latest change to a
     * release that is or was published; for one that never had a release, when the hub was installed.
     */
    public Instant feedChangedAt(Optional<org.infohub.core.kind.Kind> kind) {
        String k = kind.map(org.infohub.core.kind.Kind::code).orElse("");
        return jdbc.queryOne("SELECT MAX(updated_at) FROM public_release WHERE published_at IS NOT NULL AND "
                        + "(? = '' OR seq IN (SELECT s.seq FROM submission s WHERE s.kind = ?))",
                rs -> Optional.ofNullable(rs.getTimestamp(1)), k, k).flatMap(t -> t).map(Timestamp::toInstant)
                .orElseGet(this::installedAt);
    }

    /** When the hub's database was made (its first migration): the start of every public feed. */
    public Instant installedAt() {
        return jdbc.queryOne("SELECT MIN(installed_on) FROM flyway_schema_history",
                        rs -> Optional.ofNullable(rs.getTimestamp(1))).flatMap(t -> t).map(Timestamp::toInstant)
                .orElse(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** The day the hub was installed (UTC), as a tag URI's date (RFC 4151). */
    public String installedOn() {
        return java.time.LocalDate.ofInstant(installedAt(), java.time.ZoneOffset.UTC).toString();
    }

    public Optional<Release> publishedRelease(long id) {
        return find(id).filter(r -> r.state() == State.PUBLISHED);
    }

    public List<Release> all() {
        return jdbc.query(COLUMNS + " ORDER BY updated_at DESC, id DESC LIMIT 500", Releases::map);
    }

    /** What must not appear in public: the sender, every member organisation's name, members' domains. */
    private List<String> secrets(Submission post) {
        List<String> secrets = new ArrayList<>();
        secrets.add(post.sender());
        post.organisation().ifPresent(secrets::add);
        jdbc.query("SELECT name FROM organisation", rs -> secrets.add(rs.getString(1)));
        // Every representative's name: a post names colleagues as well as its author.
        jdbc.query("SELECT name, name_zh FROM representative", rs -> {
            secrets.add(rs.getString(1));
            return secrets.add(rs.getString(2));
        });
        jdbc.query("SELECT domain FROM organisation_domain", rs -> secrets.add(rs.getString(1)));
        String senderDomain = post.sender().contains("@") ? post.sender().substring(post.sender().indexOf('@') + 1) : "";
        if (!senderDomain.isEmpty()) {
            secrets.add(senderDomain);
        }
        secrets.removeIf(s -> s == null || s.strip().length() < (Redactor.han(s.strip()) ? 2 : 3));
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return secrets;
    }

    /** Replaces every secret and its variants (and any host under a secret domain), e-mail address, phone number and internal address. */
    static String redact(String text, List<String> secrets) {
        return new Redactor(secrets).redact(text);
    }

    private static Release map(ResultSet rs) throws SQLException {
        Timestamp published = rs.getTimestamp("published_at");
        Timestamp starts = rs.getTimestamp("event_starts");
        Optional<EventPart> event = starts == null ? Optional.empty() : Optional.of(new EventPart(starts.toInstant(),
                Optional.ofNullable(rs.getTimestamp("event_ends")).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getString("event_place")).orElse(""), Optional.ofNullable(rs.getString("event_link")).orElse("")));
        return new Release(rs.getLong("id"), rs.getLong("seq"), rs.getString("title"), rs.getString("summary"), rs.getString("body"),
                State.valueOf(rs.getString("state")), Tlp.fromLabel(rs.getString("original_tlp")).orElse(Tlp.AMBER),
                Optional.ofNullable(published).map(Timestamp::toInstant), Optional.ofNullable(rs.getString("consent_token")),
                event, Edits.parse(rs.getString("removed")));
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
