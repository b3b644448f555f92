package org.infohub.core.share;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.Submission;
import org.infohub.core.db.Jdbc;
import org.infohub.core.delivery.PostRecipients;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.tlp.Tlp;

/**
 * What the hub may hand an organisation's tools: the posts of a list that were delivered to one
 * of its representatives (at once or in a digest), exactly as TLP and membership allowed when
 * each was shared, never TLP:RED (for people, not for tools). Read in archive order after a
 * point, a page at a time.
 */
public final class SharedPosts {
    /** One page: the posts, and whether more follow. */
    public record Page(List<Submission> posts, boolean more) {
    }

    private final Jdbc jdbc;
    private final ArchiveRepository archive;
    private final MembershipRepository members;
    private final PostRecipients recipients;

    public SharedPosts(Jdbc jdbc, ArchiveRepository archive, MembershipRepository members) {
        this.jdbc = jdbc;
        this.archive = archive;
        this.members = members;
        this.recipients = new PostRecipients(jdbc);
    }

    /** The lists whose posts can reach the organisation: those it belongs to. */
    public List<HubList> lists(long organisationId) {
        List<String> reps = emails(organisationId);
        List<HubList> out = new ArrayList<>();
        for (HubList l : members.lists()) {
            boolean member = reps.stream().anyMatch(e -> members.findRepresentative(e).map(r -> members.isMember(l, r))
                    .orElse(false));
            if (member) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * Posts of {@code list} archived after {@code addedAfter} and after archive number
     * {@code afterSeq}, that reached the organisation, at most {@code limit}.
     */
    public Page page(long organisationId, HubList list, Instant addedAfter, long afterSeq, int limit) {
        List<String> reps = emails(organisationId);
        List<Submission> out = new ArrayList<>();
        long cursor = afterSeq;
        while (out.size() <= limit) {
            List<Long> seqs = jdbc.query("SELECT seq FROM submission WHERE list_id = ? AND seq > ? AND received_at > ? "
                    + "AND tlp <> 'RED' AND distributed_at IS NOT NULL ORDER BY seq LIMIT 200", rs -> rs.getLong(1), list.id(),
                    cursor, Timestamp.from(addedAfter));
            if (seqs.isEmpty()) {
                break;
            }
            for (long seq : seqs) {
                cursor = seq;
                if (reached(seq, list, reps)) {
                    archive.findBySeq(seq).filter(s -> s.tlp() != Tlp.RED).ifPresent(out::add);
                    if (out.size() > limit) {
                        break;
                    }
                }
            }
        }
        boolean more = out.size() > limit;
        return new Page(more ? List.copyOf(out.subList(0, limit)) : List.copyOf(out), more);
    }

    /** Whether one of the representatives was sent the post, at once or entitled to it in a digest. */
    private boolean reached(long seq, HubList list, List<String> reps) {
        if (recipients.wasSentToAny(seq, list.localPart(), reps)) {
            return true;
        }
        return !reps.isEmpty() && jdbc.queryLong("SELECT COUNT(*) FROM digest_entitlement e JOIN representative r ON "
                + "r.id = e.representative_id WHERE e.seq = ? AND e.list_id = ? AND r.email IN (" + String.join(",",
                java.util.Collections.nCopies(reps.size(), "?")) + ")", args(seq, list.id(), reps)) > 0;
    }

    private static Object[] args(long seq, long listId, List<String> reps) {
        Object[] a = new Object[reps.size() + 2];
        a[0] = seq;
        a[1] = listId;
        for (int i = 0; i < reps.size(); i++) {
            a[i + 2] = reps.get(i);
        }
        return a;
    }

    private List<String> emails(long organisationId) {
        return jdbc.query("SELECT email FROM representative WHERE organisation_id = ? ORDER BY email",
                rs -> rs.getString(1).toLowerCase(Locale.ROOT), organisationId);
    }
}
