package org.infohub.core.share;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.Submission;
import org.infohub.core.audience.Audience;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Organisation;
import org.infohub.core.tlp.Tlp;

/**
 * What the hub may hand an organisation's tools: the posts of a list that the organisation saw as
 * recorded by {@link Audience} when each was shared (a copy or a digest place for one of its
 * representatives then, or its own post), never TLP:RED (for people, not for tools). A representative
 * who moved to another organisation takes none of these along. Read in archive order after a point,
 * a page at a time.
 */
public final class SharedPosts {
    /** One page: the posts, and whether more follow. */
    public record Page(List<Submission> posts, boolean more) {
    }

    private final ArchiveRepository archive;
    private final MembershipRepository members;
    private final Audience audience;

    public SharedPosts(Jdbc jdbc, ArchiveRepository archive, MembershipRepository members) {
        this.archive = archive;
        this.members = members;
        this.audience = new Audience(members);
    }

    /** The lists whose posts can reach the organisation: those it belongs to now, and those it saw posts of. */
    public List<HubList> lists(long organisationId) {
        Set<Long> seen = audience.listsSeen(organisationId);
        Optional<Organisation> org = members.findOrganisation(organisationId);
        List<HubList> out = new ArrayList<>();
        for (HubList l : members.lists()) {
            if (seen.contains(l.id()) || org.map(o -> belongs(l, o)).orElse(false)) {
                out.add(l);
            }
        }
        return out;
    }

    private boolean belongs(HubList list, Organisation o) {
        return switch (list.kind()) {
            case ALL -> true;
            case SECTOR -> list.sector().map(o.sector()::equals).orElse(false);
            case GROUP -> members.groupOrganisations(list).contains(o.name());
        };
    }

    /**
     * Posts of {@code list} archived after {@code addedAfter} and after archive number
     * {@code afterSeq}, that reached the organisation, at most {@code limit}.
     */
    public Page page(long organisationId, HubList list, Instant addedAfter, long afterSeq, int limit) {
        List<Submission> out = new ArrayList<>();
        for (long seq : audience.sharedWith(organisationId, list.id(), addedAfter, afterSeq, limit + 1)) {
            archive.findBySeq(seq).filter(s -> s.tlp() != Tlp.RED).ifPresent(out::add);
        }
        boolean more = out.size() > limit;
        return new Page(more ? List.copyOf(out.subList(0, limit)) : List.copyOf(out), more);
    }
}
