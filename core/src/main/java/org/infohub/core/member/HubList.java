package org.infohub.core.member;

import java.util.Locale;
import java.util.Optional;

/**
 * A hub address that takes posts: a sector list, the list of every sector, or a group created by
 * an administrator with an explicit set of member organisations.
 */
public record HubList(long id, String localPart, Kind kind, Optional<String> sector, String name,
                      PostingPolicy postingPolicy, String description, SenderCheck senderCheck, OneClick oneClick,
                      boolean bilingualFooter) {

    public HubList(long id, String localPart, Kind kind, Optional<String> sector, String name,
                   PostingPolicy postingPolicy, String description, SenderCheck senderCheck, OneClick oneClick) {
        this(id, localPart, kind, sector, name, postingPolicy, description, senderCheck, oneClick, false);
    }

    /**
     * Which members get a copy signed for them alone, with an RFC 8058 one-click unsubscribe link:
     * those whose mail servers belong to the mailbox providers that require it, or everyone.
     */
    public enum OneClick {
        PROVIDERS,
        ALWAYS;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<OneClick> parse(String text) {
            for (OneClick c : values()) {
                if (c.code().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    public enum Kind { SECTOR, ALL, GROUP }

    /** Who may post to a list. */
    public enum PostingPolicy {
        /** Representatives of the list's organisations. */
        MEMBERS,
        /** Any active representative of the programme. */
        ANYONE,
        /** Any active representative, and every post waits for an administrator. */
        MODERATED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<PostingPolicy> parse(String text) {
            for (PostingPolicy p : values()) {
                if (p.code().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What happens to a post that is neither DMARC-aligned (SPF or DKIM for the {@code From:} domain)
     * nor sent by a representative who signed in with SMTP AUTH.
     */
    public enum SenderCheck {
        /** Held for an administrator, with the reason (the default). */
        HOLD,
        /** Refused with an explaining notice. */
        REJECT,
        /** Not checked: only for closed networks that vouch for every sender themselves. */
        OFF;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<SenderCheck> parse(String text) {
            for (SenderCheck c : values()) {
                if (c.code().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    public HubList(long id, String localPart, Kind kind, Optional<String> sector, String name) {
        this(id, localPart, kind, sector, name, kind == Kind.ALL ? PostingPolicy.ANYONE : PostingPolicy.MEMBERS, "",
                SenderCheck.HOLD, OneClick.PROVIDERS);
    }

    public String address(String domain) {
        return localPart + "@" + domain;
    }

    /** The RFC 2919 list identifier, such as {@code finance.hub.localhost}. */
    public String listId(String domain) {
        return localPart + "." + domain;
    }

    /** Who belongs to the list, in words, for notices. */
    /** Who the list takes, in a reader's language. */
    public String membershipInWords(org.infohub.core.i18n.Messages messages) {
        String sectorName = sector.map(code -> messages.has("sector." + code) ? messages.get("sector." + code) : code).orElse("");
        return messages.get("membership." + kind.name(), kind == Kind.SECTOR ? sectorName : localPart);
    }

    public String membershipInWords() {
        return switch (kind) {
            case SECTOR -> "the " + sector.orElse("") + " sector";
            case ALL -> "every sector";
            case GROUP -> "the organisations of the " + localPart + " group";
        };
    }
}
