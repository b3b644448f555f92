package org.infohub.admin.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.Submission;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.release.Releases;
import org.infohub.core.share.SharedPosts;
import org.infohub.core.share.Stix;
import org.infohub.core.tlp.Tlp;

/**
 * The items the hub hands to tools, for the two audiences: an organisation (the posts of its lists
 * that reached it, never TLP:RED) and the public (the Public Zone's released items, their redacted
 * text only). A page is read after a cursor, oldest first, as TAXII and feeds want it.
 */
final class SharedItems {
    /** One page of items, the cursor after its last, and whether more follow. */
    record Page(List<Stix.Item> items, long cursor, boolean more) {
    }

    final Jdbc jdbc;
    private final ArchiveRepository archive;
    private final Releases releases;
    private final SharedPosts posts;

    SharedItems(Jdbc jdbc, ArchiveRepository archive, MembershipRepository members, Releases releases) {
        this.jdbc = jdbc;
        this.archive = archive;
        this.releases = releases;
        this.posts = new SharedPosts(jdbc, archive, members);
    }

    List<HubList> lists(long organisationId) {
        return posts.lists(organisationId);
    }

    Page ofList(long organisationId, HubList list, Instant addedAfter, long cursor, int limit) {
        SharedPosts.Page p = posts.page(organisationId, list, addedAfter, cursor, limit);
        List<Stix.Item> items = new ArrayList<>();
        long last = cursor;
        for (Submission s : p.posts()) {
            items.add(item(s));
            last = s.seq();
        }
        return new Page(items, last, p.more());
    }

    Stix.Item item(Submission s) {
        Map<String, Stix.Sighted> sightings = new java.util.HashMap<>();
        // Sightings recorded against this post: only those who may see the post see them.
        jdbc.query("SELECT indicator_kind, indicator_value, COUNT(DISTINCT organisation_id), MAX(at) FROM sighting "
                + "WHERE seq = ? AND verdict = 'seen' GROUP BY indicator_kind, indicator_value", rs -> {
            sightings.put(rs.getString(1) + ":" + rs.getString(2), new Stix.Sighted(rs.getLong(3), rs.getTimestamp(4).toInstant()));
            return null;
        }, s.seq());
        return new Stix.Item("post:" + s.seq(), s.subject(), s.textBody(), s.kind().code(), s.tlp(), s.receivedAt(),
                archive.classifiedIndicators(s.seq()), sightings);
    }

    /** Released items published after {@code addedAfter}, after release id {@code cursor}, oldest first. */
    Page released(Instant addedAfter, long cursor, int limit) {
        List<Long> ids = jdbc.query("SELECT id FROM public_release WHERE state = 'PUBLISHED' AND published_at > ? AND id > ? "
                + "ORDER BY id LIMIT ?", rs -> rs.getLong(1), Timestamp.from(addedAfter), cursor, limit + 1);
        boolean more = ids.size() > limit;
        List<Stix.Item> items = new ArrayList<>();
        long last = cursor;
        for (long id : more ? ids.subList(0, limit) : ids) {
            releases.publishedRelease(id).ifPresent(r -> items.add(item(r)));
            last = id;
        }
        return new Page(items, last, more);
    }

    /** A released item: its title and redacted text, its indicators found in that text only, TLP:CLEAR. */
    Stix.Item item(Releases.Release r) {
        String kind = archive.findBySeq(r.seq()).map(s -> s.kind().code()).orElse("discussion");
        return new Stix.Item("release:" + r.id(), r.title(), r.body(), kind, Tlp.CLEAR,
                r.publishedAt().orElse(Instant.EPOCH),
                archive.classifyAsIn(r.seq(), archive.extractIndicators(r.title(), r.body())));
    }

    /**
     * The item {@code key} ({@code post:SEQ} or {@code release:ID}) when it is in the collection of
     * {@code list} for {@code organisationId} (empty list: the public collection), asked of the same
     * audience as the pages, never recomputed.
     */
    Optional<Stix.Item> inCollection(String key, Optional<Long> organisationId, Optional<HubList> list) {
        int colon = key.indexOf(':');
        long n;
        try {
            n = Long.parseLong(key.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
        Page p;
        if (list.isPresent() && key.startsWith("post:")) {
            p = ofList(organisationId.orElseThrow(), list.get(), Instant.EPOCH, n - 1, 1);
        } else if (list.isEmpty() && key.startsWith("release:")) {
            p = released(Instant.EPOCH, n - 1, 1);
        } else {
            return Optional.empty();
        }
        return p.items().stream().filter(i -> i.key().equals(key)).findFirst();
    }

    Optional<Releases.Release> release(long id) {
        return releases.publishedRelease(id);
    }
}
