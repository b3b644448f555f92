package org.infohub.core.archive;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.DuplicateKeyException;
import org.infohub.core.db.Jdbc;
import org.infohub.core.indicator.IndicatorClassifier;
import org.infohub.core.indicator.Indicators;
import org.infohub.core.kind.Kind;
import org.infohub.core.tlp.Tlp;
import org.infohub.core.watch.Watchlists;

/**
 * The archive of posts in MariaDB. A post's identity is its Message-ID, its list and a hash of its
 * body, decided here so that the same post handed to two hub nodes is archived once; which node
 * delivers its copies is decided here too (a claim that lapses when its node stops saying so).
 */
public final class ArchiveRepository {

    private static final String NEXT_SEQ = "SELECT next_seq FROM archive_sequence WHERE id = 1 FOR UPDATE";
    private static final String BUMP_SEQ = "UPDATE archive_sequence SET next_seq = next_seq + 1 WHERE id = 1";
    private static final String INSERT = "INSERT INTO submission (seq, message_id, list_id, sender, representative_id, "
            + "organisation_id, organisation_name, sector, subject, text_body, tlp, tlp_labelled, received_at, "
            + "in_reply_to, raw, raw_size, kind, body_hash, claimed_by, claimed_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(3))";
    private static final String COLUMNS = "s.seq, s.message_id, s.list_id, l.local_part, s.sender, s.organisation_name, "
            + "s.sector, s.subject, s.text_body, s.tlp, s.tlp_labelled, s.received_at, s.in_reply_to, s.distributed_at, s.kind";
    private static final String FROM = " FROM submission s JOIN hub_list l ON l.id = s.list_id";
    private static final String FIND_BY_MESSAGE_LIST = "SELECT " + COLUMNS + FROM
            + " WHERE s.message_id = ? AND s.list_id = ? ORDER BY s.seq LIMIT 1";
    private static final String FIND_BY_IDENTITY = "SELECT " + COLUMNS + FROM
            + " WHERE s.message_id = ? AND s.list_id = ? AND s.body_hash = ?";
    /** Takes or renews the claim to deliver a post not yet distributed, unless another node's is fresh. */
    private static final String CLAIM = "UPDATE submission SET claimed_by = ?, claimed_at = NOW(3) WHERE seq = ? "
            + "AND distributed_at IS NULL AND (claimed_by IS NULL OR claimed_by = ? OR claimed_at < NOW(3) - INTERVAL ? SECOND)";
    private static final String CLAIM_STATE = "SELECT distributed_at IS NOT NULL, claimed_by, "
            + "GREATEST(0, TIMESTAMPDIFF(MICROSECOND, NOW(3), claimed_at + INTERVAL ? SECOND)) FROM submission WHERE seq = ?";
    private static final String FIND_BY_SEQ = "SELECT " + COLUMNS + FROM + " WHERE s.seq = ?";
    // STRAIGHT_JOIN: read the archive in seq order by its primary key and look each list up. Left to
    // itself, MariaDB may start from the nine lists and sort the whole archive for every batch,
    // which made a 100,000-post reindex quadratic (bench/search).
    private static final String AFTER = "SELECT STRAIGHT_JOIN " + COLUMNS
            + " FROM submission s JOIN hub_list l ON l.id = s.list_id WHERE s.seq > ? ORDER BY s.seq LIMIT ?";
    private static final String MARK_DISTRIBUTED =
            "UPDATE submission SET distributed_at = ? WHERE seq = ? AND distributed_at IS NULL";
    private static final String RAW = "SELECT raw FROM submission WHERE seq = ?";
    private static final String COUNT = "SELECT COUNT(*) FROM submission";
    private static final String LAST_SEQ = "SELECT COALESCE(MAX(seq), 0) FROM submission";

    /** The archived row, and whether this call created it (false: it was there already). */
    public record Archived(Submission submission, boolean created) {
    }

    /**
     * Who delivers a post's copies: this copy of it ({@code ours}), nobody any more ({@code
     * distributed}), or another copy ({@code holder}, "node/mail") whose claim lapses in {@code
     * lapsesIn} unless it renews it.
     */
    public record Claim(boolean ours, boolean distributed, String holder, java.time.Duration lapsesIn) {
    }

    /**
     * How long a node's claim to deliver a post holds without renewal: the node that archived a
     * post delivers it within seconds, or after a crash when it restarts (seconds, by the restart
     * target); the other node delivers it only when the claim has lapsed for this long.
     */
    public static final java.time.Duration CLAIM_TTL = java.time.Duration.ofMinutes(2);

    private final Jdbc jdbc;
    private final String node;

    private static final String INSERT_INDICATORS = "INSERT IGNORE INTO indicator (seq, kind, value, use_for, reason) VALUES ";
    private static final String CLASSIFIED_OF = "SELECT kind, value, use_for, reason, set_by FROM indicator WHERE seq = ? "
            + "ORDER BY kind, value";
    private static final String INDICATORS_OF = "SELECT kind, value FROM indicator WHERE seq = ? ORDER BY kind, value";
    private static final String SEEN_ELSEWHERE = "SELECT COUNT(DISTINCT seq) FROM indicator WHERE kind = ? AND value = ? AND seq <> ?";

    private final Indicators indicators;
    private final IndicatorClassifier classifier;
    private volatile Watchlists watchlists;

    /** An archive whose indicator extraction ignores the default hub domain; for tools and tests. */
    public ArchiveRepository(Jdbc jdbc) {
        this(jdbc, new Indicators("hub.localhost"));
    }

    public ArchiveRepository(Jdbc jdbc, Indicators indicators) {
        this(jdbc, indicators, "");
    }

    /** An archive as hub node {@code node} (its name in DATA/node-id) writes to it. */
    public ArchiveRepository(Jdbc jdbc, Indicators indicators, String node) {
        this.jdbc = jdbc;
        this.node = node;
        this.indicators = indicators;
        this.classifier = new IndicatorClassifier(indicators.hubDomain());
    }

    /** The indicators of a post's subject and text, as stored beside it. */
    public List<Indicators.Indicator> indicators(long seq) {
        return jdbc.query(INDICATORS_OF, rs -> new Indicators.Indicator(
                Indicators.Kind.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)), rs.getString(2)), seq);
    }

    /** The stored indicators of the posts with {@code from < seq <= to}, by post: what the indexer reads. */
    public java.util.Map<Long, List<Indicators.Indicator>> indicatorsBetween(long from, long to) {
        java.util.Map<Long, List<Indicators.Indicator>> out = new java.util.HashMap<>();
        jdbc.query("SELECT seq, kind, value FROM indicator WHERE seq > ? AND seq <= ?", rs -> out.computeIfAbsent(rs.getLong(1),
                k -> new java.util.ArrayList<>()).add(new Indicators.Indicator(
                Indicators.Kind.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)), rs.getString(3))), from, to);
        return out;
    }

    /** In how many other posts the same indicator appears. */
    public long seenElsewhere(Indicators.Indicator indicator, long seq) {
        return jdbc.queryLong(SEEN_ELSEWHERE, indicator.kind().code(), indicator.value(), seq);
    }

    /** Extracts, classifies and stores the indicators of an archived post (again: harmless; a stored decision stands). */
    public List<Indicators.Indicator> storeIndicators(long seq, String subject, String text) {
        List<Indicators.Indicator> found = extractIndicators(subject, text);
        store(seq, classify(found));
        return found;
    }

    /** The indicators of a subject and text, members' own addresses left out. */
    public List<Indicators.Indicator> extractIndicators(String subject, String text) {
        return indicators.extract(subject + "\n" + text).stream()
                .filter(i -> i.kind() != Indicators.Kind.EMAIL || !isMemberAddress(i.value())).toList();
    }

    /**
     * The indicators of a post with their stored classification: what the feeds export and the post
     * page shows.
     */
    public List<IndicatorClassifier.Classified> classifiedIndicators(long seq) {
        return jdbc.query(CLASSIFIED_OF, rs -> new IndicatorClassifier.Classified(new Indicators.Indicator(
                        Indicators.Kind.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)), rs.getString(2)),
                IndicatorClassifier.Use.of(rs.getString(3)), IndicatorClassifier.Reason.of(rs.getString(4)),
                Optional.ofNullable(rs.getString(5))), seq);
    }

    /**
     * Classifies indicators against what the programme registered now: the member organisations'
     * domains (one query for every host the indicators name) and the watchlists.
     */
    public List<IndicatorClassifier.Classified> classify(List<Indicators.Indicator> found) {
        if (found.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> suffixes = new java.util.LinkedHashSet<>();
        for (Indicators.Indicator i : found) {
            IndicatorClassifier.hostName(i).ifPresent(h -> suffixes.addAll(IndicatorClassifier.suffixes(h)));
        }
        java.util.Set<String> registered = new java.util.HashSet<>();
        if (!suffixes.isEmpty()) {
            String in = String.join(",", java.util.Collections.nCopies(suffixes.size(), "?"));
            registered.addAll(jdbc.query("SELECT domain FROM organisation_domain WHERE domain IN (" + in + ")",
                    rs -> rs.getString(1).toLowerCase(java.util.Locale.ROOT), suffixes.toArray()));
        }
        java.util.Set<String> watched = new java.util.HashSet<>();
        watchlists().matcher().match(found, "").forEach(h -> watched.add(h.matched()));
        return classifier.classify(found, IndicatorClassifier.Assets.of(registered, watched));
    }

    /**
     * Indicators found in a text made from post {@code seq} (a released item's redacted text):
     * classified now, except where the post's stored classification says otherwise (an analyst's
     * decision, a reason recorded when the post was archived), which stands.
     */
    public List<IndicatorClassifier.Classified> classifyAsIn(long seq, List<Indicators.Indicator> found) {
        java.util.Map<Indicators.Indicator, IndicatorClassifier.Classified> stored = new java.util.HashMap<>();
        classifiedIndicators(seq).forEach(c -> stored.put(c.indicator(), c));
        return classify(found).stream().map(c -> {
            IndicatorClassifier.Classified before = stored.get(c.indicator());
            return before != null && (before.setBy().isPresent() || !before.forDetection()) ? before : c;
        }).toList();
    }

    /**
     * An analyst's decision on one indicator of a post: for detection or context only. Kept with who
     * decided and when, audited; the feeds follow at their next read.
     */
    public void setUse(long seq, Indicators.Indicator i, IndicatorClassifier.Use use, String actor, AuditLog audit,
                       java.time.Instant at) {
        jdbc.inTransaction(() -> {
            String before = jdbc.queryOne("SELECT use_for FROM indicator WHERE seq = ? AND kind = ? AND value = ? FOR UPDATE",
                    rs -> rs.getString(1), seq, i.kind().code(), i.value())
                    .orElseThrow(() -> new IllegalArgumentException("post " + seq + " has no indicator " + i.kind().code()
                            + " " + i.value()));
            jdbc.execute("UPDATE indicator SET use_for = ?, set_by = ?, set_at = ? WHERE seq = ? AND kind = ? AND value = ?",
                    use.code(), actor, java.sql.Timestamp.from(at), seq, i.kind().code(), i.value());
            audit.record(actor, "indicator.use", "post", Long.toString(seq), i.kind().code() + " " + i.value() + ": " + before,
                    i.kind().code() + " " + i.value() + ": " + use.code());
            return null;
        });
    }

    private Watchlists watchlists() {
        Watchlists w = watchlists;
        if (w == null) {
            w = new Watchlists(jdbc, new AuditLog(jdbc, java.time.Clock.systemUTC()), java.time.Clock.systemUTC());
            watchlists = w;
        }
        return w;
    }

    /**
     * Writes a post's indicators in multi-row statements ({@link Jdbc#insertRows}): a post naming 24
     * indicators took 24 statements (half of MariaDB's statements a post in the ingest benchmark),
     * now one.
     */
    private void store(long seq, List<IndicatorClassifier.Classified> found) {
        List<Object[]> rows = new ArrayList<>(found.size());
        for (IndicatorClassifier.Classified c : found) {
            Indicators.Indicator i = c.indicator();
            // The column is ASCII: an internationalised URL is found by its host and words instead.
            if (i.value().length() <= 900 && i.value().chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
                rows.add(new Object[] {seq, i.kind().code(), i.value(), c.use().code(), c.reason().code()});
            }
        }
        jdbc.insertRows(INSERT_INDICATORS, rows);
    }

    /**
     * Whether {@code email} is the programme's own: a registered representative's address or one at a
     * member organisation's domain. Such addresses (signatures, contacts) are no indicators.
     */
    public boolean isMemberAddress(String email) {
        String e = email.toLowerCase(java.util.Locale.ROOT);
        int at = e.lastIndexOf('@');
        if (at < 0) {
            return false;
        }
        String domain = e.substring(at + 1);
        List<String> suffixes = new java.util.ArrayList<>();
        String d = domain;
        while (d.contains(".")) {
            suffixes.add(d);
            d = d.substring(d.indexOf('.') + 1);
        }
        if (suffixes.isEmpty()) {
            return false;
        }
        String in = String.join(",", java.util.Collections.nCopies(suffixes.size(), "?"));
        Object[] args = new Object[suffixes.size() + 1];
        args[0] = e;
        for (int k = 0; k < suffixes.size(); k++) {
            args[k + 1] = suffixes.get(k);
        }
        return jdbc.queryLong("SELECT (SELECT COUNT(*) FROM representative WHERE email = ?) + (SELECT COUNT(*) FROM "
                + "organisation_domain WHERE domain IN (" + in + "))", args) > 0;
    }

    /**
     * Archives {@code s} unless the same post (Message-ID, list and body) is archived already, in
     * which case the existing row is returned: a re-run of the pipeline after a crash, or the same
     * post handed to the other node by a sender's server that retried, lands here. A new row is
     * claimed for delivery by this node.
     */
    public Archived archive(NewSubmission s) {
        return archive(s, "");
    }

    /**
     * As {@link #archive(NewSubmission)}, the new row claimed for delivery by mail {@code mail} of
     * this node: two copies of one post (the same post handed over twice, to one node or to both)
     * are two mails, and only the claiming one delivers.
     */
    public Archived archive(NewSubmission s, String mail) {
        byte[] hash = bodyHash(s.raw());
        Optional<Submission> existing = find(s.messageId(), s.list().id(), hash);
        if (existing.isPresent()) {
            return new Archived(existing.get(), false);
        }
        String attached = MessageText.attachmentText(s.raw());
        List<Indicators.Indicator> found = extractIndicators(s.subject(), s.textBody() + "\n" + attached);
        List<IndicatorClassifier.Classified> classified = classify(found);
        Kind kind = Kind.classify(s.subject(), s.textBody(), s.inReplyTo().isPresent(), !found.isEmpty(),
                MessageText.hasCalendar(s.raw()));
        try {
            long seq = jdbc.inTransaction(() -> {
                long next = jdbc.queryLong(NEXT_SEQ);
                jdbc.execute(INSERT, next, s.messageId(), s.list().id(), s.sender(),
                        s.representative().map(r -> (Object) r.id()).orElse(null),
                        s.representative().map(r -> (Object) r.organisationId()).orElse(null),
                        s.representative().map(r -> (Object) r.organisationName()).orElse(null),
                        s.representative().map(r -> (Object) r.sector()).orElse(null),
                        s.subject(), s.textBody(), s.tlp().code(), s.tlpLabelled(), s.receivedAt(),
                        s.inReplyTo().orElse(null), s.raw(), s.raw().length, kind.code(), hash, holder(mail));
                jdbc.execute(BUMP_SEQ);
                store(next, classified);
                if (kind == Kind.EVENT) {
                    new org.infohub.core.event.Events(jdbc).store(next, s.raw());
                }
                return next;
            });
            return new Archived(findBySeq(seq).orElseThrow(), true);
        } catch (DuplicateKeyException raced) {
            return new Archived(find(s.messageId(), s.list().id(), hash).orElseThrow(() -> raced), false);
        }
    }

    /**
     * Takes (or renews) the claim of mail {@code mail} of this node to deliver post {@code seq}:
     * granted when nobody holds it, this mail does (it runs again after a crash), or the holder's
     * claim has lapsed ({@link #CLAIM_TTL}); never once the post is distributed. Decided by one row
     * update in the database the nodes share.
     */
    public Claim claim(long seq, String mail) {
        String holder = holder(mail);
        if (jdbc.execute(CLAIM, holder, seq, holder, CLAIM_TTL.toSeconds()) == 1) {
            return new Claim(true, false, holder, CLAIM_TTL);
        }
        return jdbc.queryOne(CLAIM_STATE, rs -> new Claim(false, rs.getBoolean(1), Optional.ofNullable(rs.getString(2))
                        .orElse(""), java.time.Duration.ofNanos(rs.getLong(3) * 1000)), CLAIM_TTL.toSeconds(), seq)
                .orElseThrow(() -> new IllegalArgumentException("no archived post " + seq));
    }

    /** This node's name, as its claims carry it. */
    public String node() {
        return node;
    }

    /** A claim's holder: this node and the mail, as {@code node/mail} (255 characters at most). */
    private String holder(String mail) {
        String h = mail.isEmpty() ? node : node + "/" + mail;
        return h.length() <= 255 ? h : h.substring(0, 255);
    }

    /** The first post archived with this Message-ID for this list. */
    public Optional<Submission> find(String messageId, long listId) {
        return jdbc.queryOne(FIND_BY_MESSAGE_LIST, ArchiveRepository::map, messageId, listId);
    }

    private Optional<Submission> find(String messageId, long listId, byte[] bodyHash) {
        return jdbc.queryOne(FIND_BY_IDENTITY, ArchiveRepository::map, messageId, listId, bodyHash);
    }

    /**
     * SHA-256 of a message's body: the bytes after the blank line that ends its header block (none:
     * an empty body). V038 computed the same in SQL for the posts archived before it.
     */
    public static byte[] bodyHash(byte[] raw) {
        int start = raw.length;
        for (int i = 0; i + 3 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                start = i + 4;
                break;
            }
        }
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update(raw, start, raw.length - start);
            return d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Submission> findBySeq(long seq) {
        return jdbc.queryOne(FIND_BY_SEQ, ArchiveRepository::map, seq);
    }

    /** The posts of {@code seqs} (at most a few hundred: a thread), in archive order. */
    public List<Submission> findBySeqs(java.util.Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + FROM + " WHERE s.seq IN (" + String.join(",",
                java.util.Collections.nCopies(seqs.size(), "?")) + ") ORDER BY s.seq", ArchiveRepository::map,
                seqs.toArray());
    }

    /** Up to {@code limit} posts after {@code seq}, in archive order: what the indexer follows. */
    public List<Submission> after(long seq, int limit) {
        return jdbc.query(AFTER, ArchiveRepository::map, seq, limit);
    }

    public Optional<byte[]> raw(long seq) {
        return jdbc.queryOne(RAW, rs -> rs.getBytes(1), seq);
    }

    /**
     * Changes a post's kind (an administrator's decision, kept with who made it) and asks the
     * indexer to write its entry again.
     */
    public void setKind(long seq, Kind kind, String actor) {
        jdbc.inTransaction(() -> {
            jdbc.execute("UPDATE submission SET kind = ?, kind_set_by = ? WHERE seq = ?", kind.code(), actor, seq);
            jdbc.execute("INSERT INTO index_change (seq) VALUES (?)", seq);
            return null;
        });
    }

    /** A request to write a post's index entry again, numbered in the order made. */
    public record IndexChange(long id, long seq) {
    }

    /**
     * Up to {@code limit} requests after number {@code afterId}: each node's index follows this
     * log by its own position (kept in the index), so no node's index misses one.
     */
    public List<IndexChange> indexChanges(long afterId, int limit) {
        return jdbc.query("SELECT id, seq FROM index_change WHERE id > ? ORDER BY id LIMIT ?",
                rs -> new IndexChange(rs.getLong(1), rs.getLong(2)), afterId, limit);
    }

    /** Records that the post's copies were handed to the delivery queue; true the first time. */
    public boolean markDistributed(long seq, Instant when) {
        return jdbc.execute(MARK_DISTRIBUTED, when, seq) == 1;
    }

    public long count() {
        return jdbc.queryLong(COUNT);
    }

    public long lastSeq() {
        return jdbc.queryLong(LAST_SEQ);
    }

    private static Submission map(ResultSet rs) throws SQLException {
        return new Submission(rs.getLong("seq"), rs.getString("message_id"), rs.getLong("list_id"),
                rs.getString("local_part"), rs.getString("sender"), Optional.ofNullable(rs.getString("organisation_name")),
                Optional.ofNullable(rs.getString("sector")), rs.getString("subject"), rs.getString("text_body"),
                Tlp.fromLabel(rs.getString("tlp")).orElseThrow(), rs.getBoolean("tlp_labelled"),
                Jdbc.instant(rs, "received_at"), Optional.ofNullable(rs.getString("in_reply_to")),
                Optional.ofNullable(Jdbc.instant(rs, "distributed_at")),
                Kind.parse(rs.getString("kind")).orElse(Kind.DISCUSSION));
    }
}
