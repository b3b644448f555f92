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
    private static final String DECIDED = "SELECT COUNT(*) FROM post_reach WHERE seq = ? AND list_id = ? "
            + "AND via IN ('copy', 'digest')";
    private static final String INSERT = "INSERT IGNORE INTO post_reach (seq, list_id, organisation_id, via, readers) VALUES ";
    private static final String READERS_VIA = "SELECT readers FROM post_reach WHERE seq = ? AND list_id = ? AND via = ?";
    private static final String SENT_TO = "SELECT COUNT(*) FROM post_reach a JOIN hub_list l ON l.id = a.list_id "
            + "JOIN representative r ON r.email = ? WHERE a.seq = ? AND l.local_part = ? AND a.via = 'copy' "
            + "AND FIND_IN_SET(r.id, a.readers) > 0";
    private static final String ORGANISATION_SEES = "SELECT COUNT(*) FROM post_reach WHERE organisation_id = ? AND seq = ?";
    private static final String REPRESENTATIVE_SEES = "SELECT COUNT(*) FROM post_reach WHERE seq = ? AND FIND_IN_SET(?, readers) > 0";
    private static final String ORGANISATIONS = "SELECT DISTINCT organisation_id FROM post_reach WHERE seq = ? AND list_id = ? "
            + "ORDER BY organisation_id";
    private static final String ORGANISATION_READERS = "SELECT readers FROM post_reach WHERE seq = ? AND list_id = ? "
            + "AND organisation_id = ?";
    /** Of the readers recorded, those still in the organisation and who can still be written to. */
    private static final String REPRESENTATIVES = "SELECT r.email FROM representative r JOIN organisation o ON "
            + "o.id = r.organisation_id WHERE r.id IN (%s) AND r.organisation_id = ? AND r.status = 'active' "
            + "AND o.status = 'active' AND r.delivery_disabled_at IS NULL ORDER BY r.email";
    private static final String EMAILS = "SELECT email FROM representative WHERE id IN (%s)";
    private static final String CURRENT_ORGANISATIONS = "SELECT id, organisation_id FROM representative WHERE id IN (%s)";
    /**
     * Digest places of the organisations of some readers: each reader takes those of the
     * organisation they still belong to that name them (a representative who moved takes nothing of
     * their former organisation's posts along).
     */
    private static final String DIGEST_PLACES = "SELECT a.organisation_id, a.seq, l.local_part, a.readers FROM post_reach a "
            + "JOIN hub_list l ON l.id = a.list_id WHERE a.organisation_id IN (%s) AND a.via = 'digest' AND a.seq > ? "
            + "AND a.seq <= ? ORDER BY l.id, a.seq";
    /** Readers whose digest places are read in one query. */
    private static final int READERS_AT_ONCE = 500;
    /** Representatives' ids in one IN list. */
    private static final int IDS_AT_ONCE = 1000;
    private static final String SHARED_WITH = "SELECT DISTINCT a.seq FROM post_reach a JOIN submission s ON s.seq = a.seq "
            + "WHERE a.organisation_id = ? AND a.list_id = ? AND a.seq > ? AND s.received_at > ? AND s.tlp <> 'RED' "
            + "AND s.distributed_at IS NOT NULL ORDER BY a.seq LIMIT ?";
    private static final String LISTS_SEEN = "SELECT DISTINCT list_id FROM post_reach WHERE organisation_id = ?";

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
                int digestReaders = 0;
                for (String readers : jdbc.query(READERS_VIA, rs -> rs.getString(1), seq, list.id(), Via.DIGEST.code())) {
                    digestReaders += ids(readers).length;
                }
                return new Decision(copies(seq, list.id()), digestReaders, true);
            }
            List<Object[]> rows = new ArrayList<>();
            List<String> copies = new ArrayList<>();
            int digest = 0;
            for (ListMember m : members.membersInAnyOrder(list)) {
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

    /**
     * Writes rows {@code {representativeId, organisationId, via}} as one row per organisation and
     * way, its readers in one column: 259 rows for a post to 849 readers in 259 organisations.
     */
    private void insert(long seq, long listId, List<Object[]> rows) {
        // In the primary key's order (organisation, then way), whatever order the members were read in.
        Map<List<Object>, java.util.TreeSet<Long>> grouped = new TreeMap<>(
                java.util.Comparator.comparing((List<Object> k) -> (Long) k.get(0)).thenComparing(k -> (String) k.get(1)));
        for (Object[] row : rows) {
            grouped.computeIfAbsent(List.of(((Number) row[1]).longValue(), row[2]), k -> new java.util.TreeSet<>())
                    .add(((Number) row[0]).longValue());
        }
        List<Object[]> out = new ArrayList<>(grouped.size());
        for (Map.Entry<List<Object>, java.util.TreeSet<Long>> e : grouped.entrySet()) {
            StringBuilder readers = new StringBuilder();
            for (long id : e.getValue()) {
                readers.append(readers.length() == 0 ? "" : ",").append(id);
            }
            out.add(new Object[] {seq, listId, e.getKey().get(0), e.getKey().get(1), readers.toString()});
        }
        jdbc.insertRows(INSERT, out);
    }

    /** The representative ids of a {@code readers} column. */
    static long[] ids(String readers) {
        if (readers == null || readers.isEmpty()) {
            return new long[0];
        }
        int n = 1;
        for (int i = 0; i < readers.length(); i++) {
            if (readers.charAt(i) == ',') {
                n++;
            }
        }
        long[] out = new long[n];
        int k = 0;
        long v = 0;
        for (int i = 0; i < readers.length(); i++) {
            char c = readers.charAt(i);
            if (c == ',') {
                out[k++] = v;
                v = 0;
            } else {
                v = v * 10 + (c - '0');
            }
        }
        out[k] = v;
        return out;
    }

    /** The addresses recorded to take post {@code seq} of list {@code listId} at once. */
    public List<String> copies(long seq, long listId) {
        List<Long> ids = new ArrayList<>(readerIds(READERS_VIA, seq, listId, Via.COPY.code()));
        List<String> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_AT_ONCE) {
            List<Long> part = ids.subList(from, Math.min(ids.size(), from + IDS_AT_ONCE));
            out.addAll(jdbc.query(String.format(EMAILS, marks(part.size())), rs -> rs.getString(1).toLowerCase(Locale.ROOT),
                    part.toArray()));
        }
        Collections.sort(out);
        return out;
    }

    /** The representative ids of every row {@code sql} selects the {@code readers} of, in ascending order. */
    private java.util.SortedSet<Long> readerIds(String sql, Object... params) {
        java.util.SortedSet<Long> ids = new java.util.TreeSet<>();
        for (String readers : jdbc.query(sql, rs -> rs.getString(1), params)) {
            for (long id : ids(readers)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    /** Whether post {@code seq} of {@code list} was sent to {@code email} as a copy (bounce attribution). */
    public boolean wasSentTo(long seq, String list, String email) {
        return jdbc.queryLong(SENT_TO, email.toLowerCase(Locale.ROOT), seq, list.toLowerCase(Locale.ROOT)) > 0;
    }

    /** Whether organisation {@code organisationId} saw post {@code seq}: one of its representatives then did. */
    public boolean organisationMaySee(long organisationId, long seq) {
        return jdbc.queryLong(ORGANISATION_SEES, organisationId, seq) > 0;
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
            out.addAll(jdbc.query("SELECT DISTINCT seq FROM post_reach WHERE organisation_id = ? AND seq IN ("
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
        List<Long> all = new ArrayList<>(readerIds(ORGANISATION_READERS, seq, listId, organisationId));
        List<String> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IDS_AT_ONCE) {
            List<Long> part = all.subList(from, Math.min(all.size(), from + IDS_AT_ONCE));
            List<Object> params = new ArrayList<>(part);
            params.add(organisationId);
            out.addAll(jdbc.query(String.format(REPRESENTATIVES, marks(part.size())), rs -> rs.getString(1), params.toArray()));
        }
        if (all.size() > IDS_AT_ONCE) {
            Collections.sort(out);
        }
        return out;
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
                // Each reader's organisation now: places recorded with another one are not theirs.
                Map<Long, Long> organisationOf = new HashMap<>();
                jdbc.query(String.format(CURRENT_ORGANISATIONS, marks(part.size())), rs -> {
                    organisationOf.put(rs.getLong(1), rs.getLong(2));
                    return Boolean.TRUE;
                }, part.toArray());
                if (organisationOf.isEmpty()) {
                    continue;
                }
                List<Object> params = new ArrayList<>(new java.util.TreeSet<>(organisationOf.values()));
                String sql = String.format(DIGEST_PLACES, marks(params.size()));
                params.add(after);
                params.add(upTo);
                jdbc.query(sql, rs -> {
                    long organisation = rs.getLong(1);
                    long seq = rs.getLong(2);
                    String list = rs.getString(3);
                    for (long reader : ids(rs.getString(4))) {
                        Long now = organisationOf.get(reader);
                        if (now != null && now == organisation) {
                            places.computeIfAbsent(reader, r -> new ArrayList<>()).add(new Object[] {seq, list});
                        }
                    }
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
