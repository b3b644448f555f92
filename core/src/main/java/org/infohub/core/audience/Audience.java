package org.infohub.core.audience;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.infohub.core.db.Jdbc;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.MembershipRepository.ListMember;

/**
 * The one answer to "who may see this post". When a post is shared, {@link #decide} records, in one
 * transaction, every representative it reaches (a copy at once, a place in their digest) and its
 * author, each with the organisation they belonged to at that moment. Every path asks this class
 * and computes nothing itself: list copies ({@link #copies}), digests ({@link #digestItems}), the
 * organisations' TAXII and MISP feeds ({@link #sharedWith}), watchlist notices
 * ({@link #organisations}, {@link #representatives}) and bounce attribution ({@link #wasSentTo}).
 * A representative who moves, an organisation suspended or re-activated, an opt-out: none changes
 * the record of a past post, and none lets a past post reach anyone new.
 *
 * <p>If the record cannot be written, {@link #decide} throws and the caller's post waits (it is
 * retried); nothing goes out unrecorded.
 */
public final class Audience {
    /** How a reader came to see a post. */
    public enum Via {
        COPY("copy"), DIGEST("digest"), AUTHOR("author");

        private final String code;

        Via(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** What was decided for one post on one list: the addresses that take a copy now, and how many digest readers. */
    public record Decision(List<String> copies, int digestReaders, boolean decidedBefore) {
    }

    private static final String LOCK_POST = "SELECT seq FROM submission WHERE seq = ? FOR UPDATE";
    private static final String DECIDED = "SELECT COUNT(*) FROM post_audience WHERE seq = ? AND list_id = ? "
            + "AND via IN ('copy', 'digest')";
    private static final String INSERT = "INSERT IGNORE INTO post_audience (seq, list_id, representative_id, organisation_id, via) "
            + "VALUES ";
    private static final String COPIES = "SELECT r.email FROM post_audience a JOIN representative r ON r.id = a.representative_id "
            + "WHERE a.seq = ? AND a.list_id = ? AND a.via = 'copy' ORDER BY r.email";
    private static final String DIGEST_COUNT = "SELECT COUNT(*) FROM post_audience WHERE seq = ? AND list_id = ? AND via = 'digest'";
    private static final String SENT_TO = "SELECT COUNT(*) FROM post_audience a JOIN representative r ON r.id = a.representative_id "
            + "JOIN hub_list l ON l.id = a.list_id WHERE a.seq = ? AND l.local_part = ? AND r.email = ? AND a.via = 'copy'";
    private static final String ORGANISATION_SEES = "SELECT COUNT(*) FROM post_audience WHERE seq = ? AND organisation_id = ?";
    private static final String REPRESENTATIVE_SEES = "SELECT COUNT(*) FROM post_audience WHERE seq = ? AND representative_id = ?";
    private static final String ORGANISATIONS = "SELECT DISTINCT organisation_id FROM post_audience WHERE seq = ? AND list_id = ? "
            + "ORDER BY organisation_id";
    /** Readers of the organisation who saw the post and can still be written to. */
    private static final String REPRESENTATIVES = "SELECT r.email FROM post_audience a JOIN representative r ON "
            + "r.id = a.representative_id JOIN organisation o ON o.id = r.organisation_id WHERE a.seq = ? AND a.list_id = ? "
            + "AND a.organisation_id = ? AND r.organisation_id = a.organisation_id AND r.status = 'active' "
            + "AND o.status = 'active' AND r.delivery_disabled_at IS NULL ORDER BY r.email";
    /**
     * A reader's digest places: only while they still belong to the organisation they were recorded
     * with (a representative who moved takes nothing of their former organisation's posts along).
     */
    private static final String DIGEST_PLACES = "SELECT a.representative_id, a.seq, l.local_part FROM post_audience a "
            + "JOIN hub_list l ON l.id = a.list_id JOIN representative r ON r.id = a.representative_id "
            + "WHERE a.representative_id IN (%s) AND a.via = 'digest' AND a.seq > ? AND a.seq <= ? "
            + "AND r.organisation_id = a.organisation_id ORDER BY l.id, a.seq";
    /** Readers whose digest places are read in one query. */
    private static final int READERS_AT_ONCE = 500;
    private static final String SHARED_WITH = "SELECT DISTINCT a.seq FROM post_audience a JOIN submission s ON s.seq = a.seq "
            + "WHERE a.organisation_id = ? AND a.list_id = ? AND a.seq > ? AND s.received_at > ? AND s.tlp <> 'RED' "
            + "AND s.distributed_at IS NOT NULL ORDER BY a.seq LIMIT ?";
    private static final String LISTS_SEEN = "SELECT DISTINCT list_id FROM post_audience WHERE organisation_id = ?";

    private final Jdbc jdbc;
    private final MembershipRepository members;

    public Audience(MembershipRepository members) {
        this.jdbc = members.jdbc();
        this.members = members;
    }

    /**
     * Decides who may see post {@code seq} on {@code list} now, and records it: the list's members
     * who take it at once get a copy, those in digest mode a place in their next digest, those who
     * turned it off nothing; {@code excluded} (the author's addresses) get no copy. Decided once: a
     * post handled again (after a crash, a database outage) finds its record and keeps it, whatever
     * membership has become since.
     */
    public Decision decide(long seq, HubList list, Collection<String> excluded, Optional<Long> authorId,
                           Optional<Long> authorOrganisationId) {
        Set<String> skip = new HashSet<>();
        for (String e : excluded) {
            skip.add(e.toLowerCase(Locale.ROOT));
        }
        return jdbc.inTransaction(() -> {
            jdbc.query(LOCK_POST, rs -> rs.getLong(1), seq);
            if (jdbc.queryLong(DECIDED, seq, list.id()) > 0) {
                return new Decision(copies(seq, list.id()), (int) jdbc.queryLong(DIGEST_COUNT, seq, list.id()), true);
            }
            List<Object[]> rows = new ArrayList<>();
            List<String> copies = new ArrayList<>();
            int digest = 0;
            for (ListMember m : members.members(list, Optional.empty())) {
                if (skip.contains(m.email().toLowerCase(Locale.ROOT)) || m.mode() == DeliveryMode.OFF) {
                    continue;
                }
                Via via = m.mode() == DeliveryMode.DIGEST ? Via.DIGEST : Via.COPY;
                rows.add(new Object[] {m.representativeId(), m.organisationId(), via.code()});
                if (via == Via.COPY) {
                    copies.add(m.email());
                } else {
                    digest++;
                }
            }
            if (authorId.isPresent() && authorOrganisationId.isPresent()) {
                rows.add(new Object[] {authorId.get(), authorOrganisationId.get(), Via.AUTHOR.code()});
            }
            insert(seq, list.id(), rows);
            Collections.sort(copies);
            return new Decision(List.copyOf(copies), digest, false);
        });
    }

    /**
     * Records readers of post {@code seq} directly, each {@code {representativeId, organisationId, via}}
     * (for benchmarks and tests that set up an archive without the mail path). Idempotent.
     */
    public void record(long seq, long listId, List<Object[]> readers) {
        jdbc.inTransaction(() -> {
            insert(seq, listId, readers);
            return null;
        });
    }

    private void insert(long seq, long listId, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += 500) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + 500));
            StringBuilder sql = new StringBuilder(INSERT);
            Object[] params = new Object[part.size() * 5];
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
                params[i * 5] = seq;
                params[i * 5 + 1] = listId;
                params[i * 5 + 2] = part.get(i)[0];
                params[i * 5 + 3] = part.get(i)[1];
                params[i * 5 + 4] = part.get(i)[2];
            }
            jdbc.execute(sql.toString(), params);
        }
    }

    /** The addresses recorded to take post {@code seq} of list {@code listId} at once. */
    public List<String> copies(long seq, long listId) {
        return jdbc.query(COPIES, rs -> rs.getString(1).toLowerCase(Locale.ROOT), seq, listId);
    }

    /** Whether post {@code seq} of {@code list} was sent to {@code email} as a copy (bounce attribution). */
    public boolean wasSentTo(long seq, String list, String email) {
        return jdbc.queryLong(SENT_TO, seq, list.toLowerCase(Locale.ROOT), email.toLowerCase(Locale.ROOT)) > 0;
    }

    /** Whether organisation {@code organisationId} saw post {@code seq}: one of its representatives then did. */
    public boolean organisationMaySee(long organisationId, long seq) {
        return jdbc.queryLong(ORGANISATION_SEES, seq, organisationId) > 0;
    }

    /** Which of posts {@code seqs} organisation {@code organisationId} saw: the same answer, one query a thousand posts. */
    public Set<Long> organisationSaw(long organisationId, Collection<Long> seqs) {
        Set<Long> out = new java.util.HashSet<>();
        List<Long> all = new java.util.ArrayList<>(seqs);
        for (int from = 0; from < all.size(); from += 1000) {
            List<Long> part = all.subList(from, Math.min(all.size(), from + 1000));
            List<Object> args = new java.util.ArrayList<>();
            args.add(organisationId);
            args.addAll(part);
            out.addAll(jdbc.query("SELECT DISTINCT seq FROM post_audience WHERE organisation_id = ? AND seq IN ("
                    + String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ")", rs -> rs.getLong(1),
                    args.toArray()));
        }
        return out;
    }

    /** Whether representative {@code representativeId} saw post {@code seq} (a copy, a digest, or as its author). */
    public boolean representativeMaySee(long representativeId, long seq) {
        return jdbc.queryLong(REPRESENTATIVE_SEES, seq, representativeId) > 0;
    }

    /** The organisations that saw post {@code seq} of list {@code listId}. */
    public List<Long> organisations(long seq, long listId) {
        return jdbc.query(ORGANISATIONS, rs -> rs.getLong(1), seq, listId);
    }

    /** The addresses of {@code organisationId}'s representatives who saw the post and may be written to now. */
    public List<String> representatives(long seq, long listId, long organisationId) {
        return jdbc.query(REPRESENTATIVES, rs -> rs.getString(1), seq, listId, organisationId);
    }

    /** {@code {seq, list local part}} of the posts waiting for a reader's digest, after {@code afterSeq} up to {@code upTo}. */
    public List<Object[]> digestItems(long representativeId, long afterSeq, long upTo) {
        return digestItems(Map.of(representativeId, afterSeq), upTo).getOrDefault(representativeId, List.of());
    }

    /**
     * The same for many readers at once, each after their own cursor ({@code afterSeq} by
     * representative id): a digest round reads its readers' places in a query per 500 readers who
     * share a cursor (after a round, nearly all do), not one per reader. Readers with nothing
     * waiting are absent from the answer.
     */
    public Map<Long, List<Object[]>> digestItems(Map<Long, Long> afterSeq, long upTo) {
        Map<Long, List<Long>> byCursor = new TreeMap<>();
        afterSeq.forEach((reader, after) -> byCursor.computeIfAbsent(after, a -> new ArrayList<>()).add(reader));
        Map<Long, List<Object[]>> places = new HashMap<>();
        byCursor.forEach((after, readers) -> {
            for (int from = 0; from < readers.size(); from += READERS_AT_ONCE) {
                List<Long> part = readers.subList(from, Math.min(readers.size(), from + READERS_AT_ONCE));
                List<Object> params = new ArrayList<>(part);
                params.add(after);
                params.add(upTo);
                jdbc.query(String.format(DIGEST_PLACES, String.join(",", Collections.nCopies(part.size(), "?"))), rs -> {
                    places.computeIfAbsent(rs.getLong(1), r -> new ArrayList<>()).add(new Object[] {rs.getLong(2), rs.getString(3)});
                    return Boolean.TRUE;
                }, params.toArray());
            }
        });
        return places;
    }

    /**
     * Archive numbers of posts of list {@code listId} that organisation {@code organisationId} saw,
     * after {@code afterSeq} and archived after {@code addedAfter}, distributed, never TLP:RED; at most {@code limit}.
     */
    public List<Long> sharedWith(long organisationId, long listId, Instant addedAfter, long afterSeq, int limit) {
        return jdbc.query(SHARED_WITH, rs -> rs.getLong(1), organisationId, listId, afterSeq, Timestamp.from(addedAfter), limit);
    }

    /** The lists of which organisation {@code organisationId} saw at least one post. */
    public Set<Long> listsSeen(long organisationId) {
        return new HashSet<>(jdbc.query(LISTS_SEEN, rs -> rs.getLong(1), organisationId));
    }
}
