package org.infohub.core.digest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.infohub.core.i18n.Language;
import org.infohub.core.i18n.Messages;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;

import org.infohub.core.archive.Submission;
import org.infohub.core.db.Jdbc;
import org.infohub.core.i18n.Language;
import org.infohub.core.i18n.Messages;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Representative;
import org.infohub.core.tlp.Tlp;

/**
 * Builds each representative's one digest over every list they take in digest mode: every post
 * archived and distributed since their last digest, a post sent to several of their lists once,
 * grouped by list with a table of contents first. The digest goes to the outbox and the
 * representative's cursor moves in the same transaction; handing the outbox to James is apart.
 */
public final class Digests {

    /**
     * A digest in the outbox, not yet handed over: what the spool needs to carry it. Its message is
     * built from its references as it is handed over ({@link #render}).
     */
    public record Pending(long id, String recipient, String messageId, List<String> recipients) {
    }

    /** The header of the placeholder a digest rides the spool in until {@link #render} makes the digest. */
    public static final String OUTBOX_HEADER = "X-Infohub-Digest-Outbox";

    /**
     * A reader with what their digest would hold now: the cursor it was built from, and the cursor
     * row as read ({@code null}: none yet, the cursor is where they joined), to check it unmoved.
     */
    private record Reader(Representative rep, long cursor, Long stored, List<Item> items, boolean plain) {
    }

    /** A reader's cursor row (or none) and digest format, read for many readers at once. */
    private record Stored(Long lastSeq, Timestamp joined, boolean plain) {
    }

    /** One post of a digest, with the list it is filed under (and, when rendered, the post as sent). */
    record Item(Submission post, String list, byte[] raw) {
    }

    /**
     * Rendered messages' posts, as sent and made fit for 7 bits, shared by every render against the
     * same database connection pool (sequences are a database's own: tests run several in one JVM).
     */
    private static final Map<Jdbc, EmbeddedPosts> EMBEDDED = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private static final Session SESSION = Session.getInstance(new Properties());

    private static final String CURSOR = "SELECT last_seq FROM digest_cursor WHERE representative_id = ?";
    private static final String STORED = "SELECT r.id, c.last_seq, r.joined_at, r.digest_format FROM representative r "
            + "LEFT JOIN digest_cursor c ON c.representative_id = r.id WHERE r.id IN (%s)";
    private static final String LOCK_STORED = "SELECT r.id, c.last_seq FROM representative r "
            + "LEFT JOIN digest_cursor c ON c.representative_id = r.id WHERE r.id IN (%s) FOR UPDATE";
    private static final String LAST_BEFORE = "SELECT COALESCE(MAX(seq), 0) FROM submission WHERE received_at < ?";
    /** Readers read, locked or moved in one statement. */
    private static final int AT_ONCE = 500;
    private static final String CURSOR_AT_JOINING = "SELECT COALESCE(MAX(s.seq), 0) FROM submission s "
            + "JOIN representative r ON r.id = ? WHERE s.received_at < r.joined_at";
    private static final String UPSERT_CURSOR = "INSERT INTO digest_cursor (representative_id, last_seq, updated_at) "
            + "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE last_seq = VALUES(last_seq), updated_at = VALUES(updated_at)";
    private static final String POSTS = "SELECT s.seq, s.message_id, s.sender, s.organisation_name, s.sector, s.subject, "
            + "s.text_body, s.tlp, s.received_at, s.kind FROM submission s WHERE s.seq IN (%s)";
    private static final String RAWS = "SELECT seq, raw FROM submission WHERE seq IN (%s)";
    /** Posts read for one run of digests: most representatives get the same recent posts. */
    private final Map<Long, Submission> postCache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 5000;
    private static final String INSERT_OUTBOX = "INSERT INTO digest_outbox (representative_id, recipient, message_id, built_at, "
            + "items, first_seq, last_seq, recipients, item_refs, digest_format, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String OUTBOX_ENTRY = "SELECT recipient, message_id, built_at, raw, recipients, item_refs, "
            + "digest_format, language FROM digest_outbox WHERE id = ?";
    private static final String PENDING = "SELECT id, recipient, message_id, recipients FROM digest_outbox "
            + "WHERE handed_over_at IS NULL AND (queued_at IS NULL OR queued_at < ?) ORDER BY id LIMIT 500";
    private static final String MARK_QUEUED = "UPDATE digest_outbox SET queued_at = ? WHERE id = ?";
    private static final String MARK_HANDED_OVER = "UPDATE digest_outbox SET handed_over_at = ?, handed_over_mail = ? "
            + "WHERE id = ? AND handed_over_at IS NULL";
    private static final String FORMAT = "SELECT digest_format FROM representative WHERE id = ?";

    private final Jdbc jdbc;
    private final MembershipRepository members;
    /** The posts the reader was given a digest place in when each was shared: nothing else goes in a digest. */
    private final org.infohub.core.audience.Audience audience;
    private final org.infohub.core.archive.ArchiveRepository archive;
    private final String domain;
    private final Clock clock;
    /** The language of readers who chose none. */
    private final Language programme;

    public Digests(MembershipRepository members, org.infohub.core.archive.ArchiveRepository archive, String domain, Clock clock) {
        this(members, archive, domain, clock, Language.EN);
    }

    public Digests(MembershipRepository members, org.infohub.core.archive.ArchiveRepository archive, String domain, Clock clock,
                   Language programme) {
        this.programme = programme;
        this.jdbc = members.jdbc();
        this.members = members;
        this.audience = new org.infohub.core.audience.Audience(members);
        this.archive = archive;
        this.domain = domain;
        this.clock = clock;
        this.embedded = EMBEDDED.computeIfAbsent(jdbc, j -> new EmbeddedPosts(32L << 20, 1 << 20));
    }

    private final EmbeddedPosts embedded;

    /** Addresses of the active representatives who take at least one list as a digest. */
    public List<String> readers() {
        return members.digestReaders().stream().map(Representative::email).toList();
    }

    /**
     * Builds every due digest into the outbox; {@code minItems} above 1 builds only the large ones.
     * Readers whose digests would hold the same posts, filed the same way, in the same format, get
     * one digest, built and signed once and sent to all of them (most readers of a list share
     * theirs). Returns how many readers got a digest.
     */
    public int buildAll(int minItems) {
        long started = System.nanoTime();
        postCache.clear();
        long upTo = archive.lastSeq();
        // The round reads its readers, their cursors and formats, and their digest places a few
        // hundred readers to a query: 50,000 readers one at a time were 250,000 queries.
        List<Representative> readers = members.digestReaders();
        Map<Long, Stored> stored = stored(readers);
        Map<Timestamp, Long> atJoining = new HashMap<>();
        Map<Long, Long> cursors = new HashMap<>();
        for (Representative rep : readers) {
            Stored st = stored.get(rep.id());
            cursors.put(rep.id(), st.lastSeq() != null ? st.lastSeq()
                    : st.joined() == null ? 0L : atJoining.computeIfAbsent(st.joined(), j -> jdbc.queryLong(LAST_BEFORE, j)));
        }
        Map<Long, List<Object[]>> places = audience.digestItems(cursors, upTo);
        Map<String, List<Reader>> groups = new LinkedHashMap<>();
        for (Representative rep : readers) {
            List<Item> items = items(places.getOrDefault(rep.id(), List.of()));
            if (items.size() < Math.max(1, minItems)) {
                continue;
            }
            Stored st = stored.get(rep.id());
            StringBuilder key = new StringBuilder(st.plain() ? "plain" : "mime").append(' ')
                    .append(rep.languageOr(programme).tag());
            for (Item i : items) {
                key.append(' ').append(i.post().seq()).append('/').append(i.list());
            }
            groups.computeIfAbsent(key.toString(), k -> new ArrayList<>())
                    .add(new Reader(rep, cursors.get(rep.id()), st.lastSeq(), items, st.plain()));
        }
        long read = System.nanoTime();
        int served = 0;
        for (List<Reader> group : groups.values()) {
            served += buildShared(group, upTo);
        }
        lastDistinct = groups.size();
        lastRound = new Round(readers.size(), served, groups.size(), (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
        return served;
    }

    /**
     * What a round did: readers considered, readers served, distinct digests, and the time spent
     * reading (readers, cursors, places, posts) and building (rendering, outbox, cursors), in ms.
     */
    public record Round(int readers, int served, int distinct, long readMillis, long buildMillis) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d distinct for %,d of %,d readers; read in %.1f s, built in %.1f s",
                    distinct, served, readers, readMillis / 1000.0, buildMillis / 1000.0);
        }
    }

    private volatile Round lastRound = new Round(0, 0, 0, 0, 0);

    /** The last {@link #buildAll} round's figures. */
    public Round lastRound() {
        return lastRound;
    }

    /** Each reader's cursor row (if any), joining date and digest format. */
    private Map<Long, Stored> stored(List<Representative> readers) {
        Map<Long, Stored> stored = new HashMap<>();
        for (int from = 0; from < readers.size(); from += AT_ONCE) {
            List<Representative> part = readers.subList(from, Math.min(readers.size(), from + AT_ONCE));
            jdbc.query(String.format(STORED, marks(part.size())), rs -> {
                long seq = rs.getLong(2);
                return stored.put(rs.getLong(1), new Stored(rs.wasNull() ? null : seq, rs.getTimestamp(3),
                        "plain".equals(rs.getString(4))));
            }, part.stream().map(r -> (Object) r.id()).toArray());
        }
        return stored;
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    private volatile int lastDistinct;

    /** How many different digests the last {@link #buildAll} built. */
    public int lastDistinct() {
        return lastDistinct;
    }

    private List<Item> items(List<Object[]> entitled) {
        load(entitled.stream().map(e -> (Long) e[0]).distinct().toList());
        List<Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Object[] e : entitled) {
            Submission post = postCache.get((Long) e[0]);
            if (seen.add(post.messageId())) {
                items.add(new Item(post, (String) e[1], null));
            }
        }
        return items;
    }

    /**
     * One digest for readers who would all get the same one: their cursors are locked and checked
     * unmoved (another builder may have served some meanwhile; those are left out), then the
     * digest goes into the outbox once, for all of them, and every cursor moves, in one transaction.
     */
    private int buildShared(List<Reader> group, long upTo) {
        return jdbc.inTransaction(() -> {
            List<Reader> still = new ArrayList<>();
            Map<Long, Long> current = new HashMap<>();
            for (int from = 0; from < group.size(); from += AT_ONCE) {
                List<Reader> part = group.subList(from, Math.min(group.size(), from + AT_ONCE));
                jdbc.query(String.format(LOCK_STORED, marks(part.size())), rs -> {
                    long seq = rs.getLong(2);
                    return current.put(rs.getLong(1), rs.wasNull() ? null : seq);
                }, part.stream().map(r -> (Object) r.rep().id()).toArray());
            }
            for (Reader r : group) {
                if (current.containsKey(r.rep().id()) && java.util.Objects.equals(current.get(r.rep().id()), r.stored())) {
                    still.add(r);
                }
            }
            if (still.isEmpty()) {
                return 0;
            }
            Reader first = still.get(0);
            List<Item> items = first.items();
            String messageId = "<digest-" + UUID.randomUUID() + "@" + domain + ">";
            long firstSeq = items.stream().mapToLong(i -> i.post().seq()).min().orElse(first.cursor());
            long lastSeq = items.stream().mapToLong(i -> i.post().seq()).max().orElse(first.cursor());
            // References only: the digest is built from them as it is handed over (render).
            jdbc.execute(INSERT_OUTBOX, first.rep().id(), first.rep().email(), messageId, Timestamp.from(clock.instant()),
                    items.size(), firstSeq, lastSeq, still.size() == 1 ? null
                            : String.join("\n", still.stream().map(r -> r.rep().email()).toList()), refs(items),
                    first.plain() ? "plain" : "mime", first.rep().languageOr(programme).tag());
            Timestamp now = Timestamp.from(clock.instant());
            for (int from = 0; from < still.size(); from += AT_ONCE) {
                List<Reader> part = still.subList(from, Math.min(still.size(), from + AT_ONCE));
                StringBuilder sql = new StringBuilder("INSERT INTO digest_cursor (representative_id, last_seq, updated_at) VALUES ");
                List<Object> params = new ArrayList<>();
                for (int i = 0; i < part.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append("(?, ?, ?)");
                    params.add(part.get(i).rep().id());
                    params.add(upTo);
                    params.add(now);
                }
                sql.append(" ON DUPLICATE KEY UPDATE last_seq = VALUES(last_seq), updated_at = VALUES(updated_at)");
                jdbc.execute(sql.toString(), params.toArray());
            }
            return still.size();
        });
    }

    long cursor(Representative rep) {
        return jdbc.queryOne(CURSOR, rs -> rs.getLong(1), rep.id()).orElseGet(() -> jdbc.queryLong(CURSOR_AT_JOINING, rep.id()));
    }

    /** Builds one digest for {@code rep} if at least {@code minItems} posts wait; true when one was built. */
    public boolean build(Representative rep, int minItems) {
        return jdbc.inTransaction(() -> {
            // Locks the representative's cursor row so two builders never make the same digest.
            jdbc.query("SELECT id FROM representative WHERE id = ? FOR UPDATE", rs -> rs.getLong(1), rep.id());
            long cursor = cursor(rep);
            long upTo = archive.lastSeq();
            List<Item> items = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<Object[]> entitled = audience.digestItems(rep.id(), cursor,
                    upTo);
            load(entitled.stream().map(e -> (Long) e[0]).distinct().toList());
            for (Object[] e : entitled) {
                Submission post = postCache.get((Long) e[0]);
                if (seen.add(post.messageId())) {
                    items.add(new Item(post, (String) e[1], null));
                }
            }
            if (items.size() < Math.max(1, minItems)) {
                return false;
            }
            boolean plain = "plain".equals(jdbc.queryOne(FORMAT, rs -> rs.getString(1), rep.id()).orElse("mime"));
            String messageId = "<digest-" + UUID.randomUUID() + "@" + domain + ">";
            long first = items.stream().mapToLong(i -> i.post().seq()).min().orElse(cursor);
            long last = items.stream().mapToLong(i -> i.post().seq()).max().orElse(cursor);
            jdbc.execute(INSERT_OUTBOX, rep.id(), rep.email(), messageId, Timestamp.from(clock.instant()), items.size(), first,
                    last, null, refs(items), plain ? "plain" : "mime", rep.languageOr(programme).tag());
            jdbc.execute(UPSERT_CURSOR, rep.id(), upTo, Timestamp.from(clock.instant()));
            return true;
        });
    }

    /** Reads the posts not read yet in this run, in one query (the raw message with each). */
    private void load(List<Long> seqs) {
        List<Long> missing = seqs.stream().filter(seq -> !postCache.containsKey(seq)).toList();
        if (missing.isEmpty()) {
            return;
        }
        if (postCache.size() + missing.size() > CACHE_LIMIT) {
            postCache.clear();
        }
        for (int from = 0; from < missing.size(); from += 500) {
            List<Long> part = missing.subList(from, Math.min(missing.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
            jdbc.query(String.format(POSTS, marks), rs -> {
                long seq = rs.getLong("seq");
                postCache.put(seq, new Submission(seq, rs.getString("message_id"), 0, "", rs.getString("sender"),
                        Optional.ofNullable(rs.getString("organisation_name")), Optional.ofNullable(rs.getString("sector")),
                        rs.getString("subject"), rs.getString("text_body"), Tlp.fromLabel(rs.getString("tlp")).orElse(Tlp.AMBER),
                        true, Jdbc.instant(rs, "received_at"), Optional.empty(), Optional.empty(),
                        org.infohub.core.kind.Kind.parse(rs.getString("kind")).orElse(org.infohub.core.kind.Kind.DISCUSSION)));
                return seq;
            }, part.toArray());
        }
    }

    /** A digest's references: one line per post, its sequence and the list it is filed under. */
    private static String refs(List<Item> items) {
        StringBuilder sb = new StringBuilder();
        for (Item i : items) {
            sb.append(sb.length() == 0 ? "" : "\n").append(i.post().seq()).append(' ').append(i.list());
        }
        return sb.toString();
    }

    /**
     * The message of outbox entry {@code id}, built from its references as it is handed over (the
     * same each time it is asked: dated when it was built), or the message stored whole by an
     * earlier release. Posts no longer in the archive are left out; empty when none is left, or
     * when there is no such entry.
     */
    public Optional<byte[]> render(long id) {
        record Entry(String recipient, String messageId, Instant builtAt, byte[] raw, boolean shared, String refs,
                     boolean plain, Optional<Language> language) {
        }
        Optional<Entry> found = jdbc.queryOne(OUTBOX_ENTRY, rs -> new Entry(rs.getString("recipient"),
                rs.getString("message_id"), Jdbc.instant(rs, "built_at"), rs.getBytes("raw"), rs.getString("recipients") != null,
                rs.getString("item_refs"), "plain".equals(rs.getString("digest_format")),
                Optional.ofNullable(rs.getString("language")).flatMap(Language::parse)), id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Entry e = found.get();
        if (e.raw() != null || e.refs() == null) {
            return Optional.ofNullable(e.raw());
        }
        List<Long> seqs = new ArrayList<>();
        List<String> lists = new ArrayList<>();
        for (String line : e.refs().split("\n")) {
            int space = line.indexOf(' ');
            seqs.add(Long.parseLong(line.substring(0, space)));
            lists.add(line.substring(space + 1));
        }
        load(seqs);
        Map<Long, byte[]> raws = e.plain() ? Map.of() : embeddable(seqs);
        List<Item> items = new ArrayList<>();
        for (int k = 0; k < seqs.size(); k++) {
            Submission post = postCache.get(seqs.get(k));
            if (post != null && (e.plain() || raws.containsKey(seqs.get(k)))) {
                items.add(new Item(post, lists.get(k), raws.get(seqs.get(k))));
            }
        }
        if (items.isEmpty()) {
            return Optional.empty();
        }
        Messages t = Messages.of(e.language().orElse(programme));
        Optional<String> to = e.shared() ? Optional.empty() : Optional.of(e.recipient());
        return Optional.of(e.plain() ? plain(t, to, items, e.messageId(), e.builtAt())
                : mime(t, to, items, e.messageId(), e.builtAt()));
    }

    /**
     * Posts as they were sent, made fit for a 7-bit path from within (RFC 2046 5.2.1: a
     * message/rfc822 part has no encoding of its own): from the shared cache, the rest read in one query.
     */
    private Map<Long, byte[]> embeddable(List<Long> seqs) {
        Map<Long, byte[]> out = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (Long seq : seqs) {
            byte[] raw = embedded.get(seq);
            if (raw != null) {
                out.put(seq, raw);
            } else if (!out.containsKey(seq)) {
                missing.add(seq);
            }
        }
        List<Long> unique = missing.stream().distinct().toList();
        for (int from = 0; from < unique.size(); from += 500) {
            List<Long> part = unique.subList(from, Math.min(unique.size(), from + 500));
            jdbc.query(String.format(RAWS, marks(part.size())), rs -> {
                byte[] raw = org.infohub.core.mime.SevenBit.embeddable(rs.getBytes(2));
                out.put(rs.getLong(1), raw);
                embedded.put(rs.getLong(1), raw);
                return raw;
            }, part.toArray());
        }
        return out;
    }

    /** Digests waiting to be handed over (again, when a hand-over was not confirmed within five minutes). */
    public List<Pending> pending() {
        return jdbc.query(PENDING, Digests::pending, Timestamp.from(clock.instant().minusSeconds(300)));
    }

    private static Pending pending(java.sql.ResultSet rs) throws java.sql.SQLException {
        String all = rs.getString("recipients");
        return new Pending(rs.getLong("id"), rs.getString("recipient"), rs.getString("message_id"),
                all == null ? List.of(rs.getString("recipient")) : List.of(all.split("\n")));
    }

    /** One digest of the outbox, handed over or not. */
    public Optional<Pending> outboxEntry(long id) {
        return jdbc.queryOne("SELECT id, recipient, message_id, recipients FROM digest_outbox WHERE id = ?",
                Digests::pending, id);
    }

    public void markQueued(long id) {
        jdbc.execute(MARK_QUEUED, Timestamp.from(clock.instant()), id);
    }

    /**
     * True for the first copy of a digest to reach the pipeline, and for that same mail when James
     * processes it again after a crash; false for any other copy, which the pipeline drops.
     */
    public boolean markHandedOver(long id, String mailName) {
        return jdbc.inTransaction(() -> {
            jdbc.execute("UPDATE digest_outbox SET handover_attempts = handover_attempts + 1 WHERE id = ?", id);
            if (jdbc.execute(MARK_HANDED_OVER, Timestamp.from(clock.instant()), mailName, id) == 1) {
                return true;
            }
            return jdbc.queryLong("SELECT COUNT(*) FROM digest_outbox WHERE id = ? AND handed_over_mail = ?", id, mailName) == 1;
        });
    }

    /** Sets whether a representative's digest is MIME (the default) or plain text (RFC 1153). */
    public void setFormat(Representative rep, boolean plain) {
        jdbc.execute("UPDATE representative SET digest_format = ? WHERE id = ?", plain ? "plain" : "mime", rep.id());
    }

    /** The header a digest carries its most restrictive item's label in (the hub's own, in its own mail). */
    public static final String TLP_HEADER = "X-Infohub-TLP";

    private static Tlp mostRestrictive(List<Item> items) {
        Tlp most = Tlp.CLEAR;
        for (Item i : items) {
            if (i.post().tlp().ordinal() > most.ordinal()) {
                most = i.post().tlp();
            }
        }
        return most;
    }

    private String subject(Messages t, List<Item> items, Instant at) {
        return t.get("digest.subject", mostRestrictive(items).code(), items.size(),
                DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(at));
    }

    /** The contents, in sections by kind (alerts first), each by list. */
    private String contents(Messages t, List<Item> items) {
        StringBuilder sb = new StringBuilder(t.get("digest.contents")).append("\n\n");
        int n = 0;
        for (Map.Entry<org.infohub.core.kind.Kind, List<Item>> section : byKind(items).entrySet()) {
            sb.append(t.get("digest.section", section.getKey().title(t), section.getValue().size())).append('\n');
            for (Map.Entry<String, List<Item>> e : byList(section.getValue()).entrySet()) {
                sb.append("  ").append(e.getKey()).append('@').append(domain).append('\n');
                for (Item i : e.getValue()) {
                    n++;
                    // As "    %2d. TLP:%-12s %s — %s": String.format was a tenth of a digest's cost.
                    String code = i.post().tlp().code();
                    sb.append(n < 10 ? "     " : "    ").append(n).append(". TLP:").append(code)
                            .append(" ".repeat(Math.max(0, 12 - code.length()))).append(' ')
                            .append(i.post().organisation().orElse(i.post().sender())).append(" — ")
                            .append(i.post().subject()).append('\n');
                }
            }
            sb.append('\n');
        }
        sb.append(t.get("digest.keepLabel")).append('\n');
        return sb.toString();
    }

    private static Map<org.infohub.core.kind.Kind, List<Item>> byKind(List<Item> items) {
        Map<org.infohub.core.kind.Kind, List<Item>> out = new java.util.EnumMap<>(org.infohub.core.kind.Kind.class);
        for (Item i : items) {
            out.computeIfAbsent(i.post().kind(), k -> new ArrayList<>()).add(i);
        }
        return out;
    }

    /** The items in the order of the contents: by kind, then by list, each in archive order. */
    private static List<Item> ordered(List<Item> items) {
        List<Item> out = new ArrayList<>();
        byKind(items).values().forEach(section -> byList(section).values().forEach(out::addAll));
        return out;
    }

    private static Map<String, List<Item>> byList(List<Item> items) {
        Map<String, List<Item>> out = new LinkedHashMap<>();
        for (Item i : items) {
            out.computeIfAbsent(i.list(), k -> new ArrayList<>()).add(i);
        }
        return out;
    }

    private MimeMessage headers(Messages t, Optional<String> to, List<Item> items, String messageId, Instant at)
            throws MessagingException {
        MimeMessage m = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        try {
            m.setFrom(new InternetAddress("digest@" + domain, t.get("digest.from"), "UTF-8"));
        } catch (java.io.UnsupportedEncodingException e) {
            throw new MessagingException(e.getMessage(), e);
        }
        if (to.isPresent()) {
            m.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(to.get()));
        } else {
            // One digest for many readers: none is named to the others.
            m.setHeader("To", "undisclosed-recipients:;");
        }
        m.setSubject(subject(t, items, at), "UTF-8");
        m.setHeader("Content-Language", t.language().tag());
        m.setSentDate(java.util.Date.from(at));
        m.setHeader("Precedence", "list");
        m.setHeader("List-Id", "Infohub digest <digest." + domain + ">");
        String first = items.get(0).list();
        m.setHeader("List-Unsubscribe", "<mailto:" + first + "-request@" + domain + "?subject=digest%20off>");
        m.setHeader("X-Infohub-Loop", domain);
        // The most restrictive item's label: the digest leaves under the TLS floor of that label.
        m.setHeader(TLP_HEADER, mostRestrictive(items).code());
        return m;
    }

    /**
     * RFC 2046 5.1.5: the contents as text, then a multipart/digest of the posts as they were sent.
     * javax.mail writes the header and the contents; the posts go in as they are, between
     * boundaries written here: through javax.mail's parts, 100 posts were most of a digest's cost.
     */
    private byte[] mime(Messages t, Optional<String> to, List<Item> items, String messageId, Instant at) {
        try {
            String outer = "=_digest_" + UUID.randomUUID();
            String inner = "=_posts_" + UUID.randomUUID();
            List<Item> posts = ordered(items);
            for (Item i : posts) {
                // A post cannot guess a boundary made at random now; this holds it to that anyway.
                if (contains(i.raw(), outer) || contains(i.raw(), inner)) {
                    throw new MessagingException("a post holds the digest's boundary");
                }
            }
            MimeMessage m = headers(t, to, items, messageId, at);
            m.setHeader("Message-ID", messageId);
            m.setHeader("MIME-Version", "1.0");
            m.setHeader("Content-Type", "multipart/mixed; boundary=\"" + outer + "\"");
            TextPart toc = new TextPart();
            toc.setText(contents(t, items), "UTF-8");
            toc.ready();
            long size = 0;
            for (Item i : posts) {
                size += i.raw().length + inner.length() + 40;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size + 8192));
            for (java.util.Enumeration<String> e = m.getAllHeaderLines(); e.hasMoreElements();) {
                ascii(out, e.nextElement() + "\r\n");
            }
            ascii(out, "\r\n--" + outer + "\r\n");
            toc.writeTo(out);
            ascii(out, "\r\n--" + outer + "\r\nContent-Type: multipart/digest; boundary=\"" + inner + "\"\r\n\r\n");
            for (Item i : posts) {
                // RFC 2046 5.1.5: a part of a digest is message/rfc822 unless it says otherwise.
                ascii(out, "--" + inner + "\r\nContent-Type: message/rfc822\r\n\r\n");
                out.write(i.raw());
                ascii(out, "\r\n");
            }
            ascii(out, "--" + inner + "--\r\n\r\n--" + outer + "--\r\n");
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("the digest for " + to.orElse("several readers")
                    + " cannot be built: " + e.getMessage(), e);
        }
    }

    /** A text part whose headers (its transfer encoding) are set before it is written on its own. */
    private static final class TextPart extends MimeBodyPart {
        void ready() throws MessagingException {
            updateHeaders();
        }
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static boolean contains(byte[] in, String boundary) {
        byte[] b = boundary.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + b.length <= in.length; i++) {
            if (in[i] != b[0]) {
                continue;
            }
            for (int k = 1; k < b.length; k++) {
                if (in[i + k] != b[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** RFC 1153: the contents, then each post's headers and text between separator lines. */
    private byte[] plain(Messages t, Optional<String> to, List<Item> items, String messageId, Instant at) {
        try {
            MimeMessage m = headers(t, to, items, messageId, at);
            StringBuilder sb = new StringBuilder(contents(t, items));
            sb.append("\n").append("-".repeat(70)).append("\n\n");
            DateTimeFormatter date = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
            List<Item> inOrder = ordered(items);
            for (int k = 0; k < inOrder.size(); k++) {
                Submission s = inOrder.get(k).post();
                sb.append("Date: ").append(date.format(s.receivedAt())).append('\n');
                sb.append("From: ").append(s.sender()).append('\n');
                sb.append("Subject: ").append(s.subject().replaceAll("[\\r\\n]+", " ")).append('\n');
                sb.append("Message-ID: ").append(s.messageId()).append('\n');
                sb.append("Kind: ").append(s.kind().code()).append('\n');
                sb.append("List: ").append(inOrder.get(k).list()).append('@').append(domain).append("\n\n");
                // A line of exactly 30 dashes would end the message early: RFC 1153 asks to change it.
                sb.append(s.textBody().replaceAll("(?m)^-{30}$", "- -----------------------------")).append("\n\n");
                sb.append("-".repeat(30)).append("\n\n");
            }
            String end = t.get("digest.end");
            sb.append(end).append('\n').append("*".repeat(end.length())).append('\n');
            m.setText(sb.toString(), "UTF-8");
            m.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("the digest for " + to.orElse("several readers")
                    + " cannot be built: " + e.getMessage(), e);
        }
    }

    /** Starts a new representative's digest at the archive's end: they get only what comes after joining. */
    public static void startCursor(Jdbc jdbc, long representativeId, Instant now) {
        jdbc.execute("INSERT IGNORE INTO digest_cursor (representative_id, last_seq, updated_at) "
                + "SELECT ?, COALESCE(MAX(seq), 0), ? FROM submission", representativeId, Timestamp.from(now));
    }
}
