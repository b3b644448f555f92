package org.infohub.core.member;

import java.util.Optional;

/** A hub address that takes posts: a sector list or the list of every sector. */
public record HubList(long id, String localPart, Kind kind, Optional<String> sector, String name) {

    public enum Kind { SECTOR, ALL }

    /** Whether {@code rep} may post here: a sector list takes its own sector, {@code all} everyone. */
    public boolean acceptsPostsFrom(Representative rep) {
        return kind == Kind.ALL || sector.map(s -> s.equals(rep.sector())).orElse(false);
    }

    public String address(String domain) {
        return localPart + "@" + domain;
    }

    /** The RFC 2919 list identifier, such as {@code finance.hub.localhost}. */
    public String listId(String domain) {
        return localPart + "." + domain;
    }
}
