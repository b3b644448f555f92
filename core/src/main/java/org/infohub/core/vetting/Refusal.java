package org.infohub.core.vetting;

import java.util.Optional;

/**
 * A reason the hub will not distribute a post, with what the sender can do about it. The vetting
 * rules record every reason that applies, so one bounce explains them all.
 */
public enum Refusal {
    NULL_SENDER("the message has no return address (a null envelope sender)",
            "Send posts from your own mailbox, not from an automated system."),
    AUTO_SUBMITTED("the message is marked as sent automatically (Auto-Submitted or Precedence: bulk)",
            "Lists take posts written by representatives; forward the content in a message of your own."),
    NOT_A_REPRESENTATIVE("the sending address %s is not a registered representative of the programme",
            "Post from the address you are registered with, or ask your organisation's programme contact to "
                    + "register this address."),
    FROM_NOT_A_REPRESENTATIVE("the From: address %s is not a registered representative of the programme",
            "Send the post with your registered address in From:."),
    INACTIVE("the representative %s, or their organisation, is suspended",
            "Ask the programme administrators to reactivate the membership."),
    WRONG_SECTOR("%s",
            "Post to a list your organisation belongs to (your sector's list, or the all-sector list if every member "
                    + "should see it)."),
    HELD_FOR_MODERATION("%s is moderated: every post waits for an administrator's review",
            "Nothing: the programme administrators will review the post; do not send it again."),
    HELD_UNAUTHENTICATED("the post could not be shown to come from its author (%s); it waits for an administrator's "
            + "review",
            "Send posts from your organisation's own mail server (its domain should publish SPF and sign with DKIM), or "
                    + "submit them on the hub's submission port with SMTP AUTH and your hub password."),
    NOT_AUTHENTICATED("the post could not be shown to come from its author (%s)",
            "Send posts from your organisation's own mail server (its domain should publish SPF and sign with DKIM), or "
                    + "submit them on the hub's submission port with SMTP AUTH and your hub password."),
    MALFORMED_MIME("the message's MIME structure cannot be read (%s), so it cannot be passed on intact",
            "Send the post again from your mail program; if it has attachments, attach them anew."),
    AMBIGUOUS_FROM("the message does not name exactly one author (%s), so the hub cannot tell who sent it",
            "Send the post from your mail program with only your own address in From:."),
    TLP_UNCERTAIN("the post's TLP label could not be read with certainty (%s); it waits for an administrator's review "
            + "rather than being shared under a label it may not have",
            "Reply to the programme administrators with the label you meant, or send the post again with one of "
                    + "TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED written at the start of the subject."),
    TLP_RED("the post is labelled TLP:RED, which is for named recipients only and may not go to a list",
            "Send TLP:RED information directly to the people who need it, or relabel the post if a wider "
                    + "audience is intended (TLP:AMBER, TLP:GREEN or TLP:CLEAR).");

    private final String why;
    private final String whatToDo;

    Refusal(String why, String whatToDo) {
        this.why = why;
        this.whatToDo = whatToDo;
    }

    /** A few words for a filter or a column: "Not a representative", "TLP label unclear". */
    public String title() {
        return switch (this) {
            case NULL_SENDER -> "No return address";
            case AUTO_SUBMITTED -> "Sent automatically";
            case NOT_A_REPRESENTATIVE -> "Not a representative";
            case FROM_NOT_A_REPRESENTATIVE -> "From: not a representative";
            case INACTIVE -> "Suspended";
            case WRONG_SECTOR -> "Not the list's sector";
            case HELD_FOR_MODERATION -> "Moderated list";
            case HELD_UNAUTHENTICATED -> "Author not shown (held)";
            case NOT_AUTHENTICATED -> "Author not shown";
            case MALFORMED_MIME -> "Unreadable MIME";
            case AMBIGUOUS_FROM -> "Several authors";
            case TLP_UNCERTAIN -> "TLP label unclear";
            case TLP_RED -> "TLP:RED to a list";
        };
    }

    /** Whether the post waits for an administrator rather than being refused outright. */
    public boolean holds() {
        return this == HELD_FOR_MODERATION || this == HELD_UNAUTHENTICATED || this == TLP_UNCERTAIN;
    }

    /** The encoded form kept on the mail between processors: {@code CODE|detail}. */
    public String encode(String detail) {
        return name() + "|" + (detail == null ? "" : detail);
    }

    public static Optional<Decoded> decode(String encoded) {
        int bar = encoded.indexOf('|');
        try {
            Refusal r = valueOf(bar < 0 ? encoded : encoded.substring(0, bar));
            return Optional.of(new Decoded(r, bar < 0 ? "" : encoded.substring(bar + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A refusal with its detail, as read back from the mail. */
    public record Decoded(Refusal refusal, String detail) {
        public String why() {
            return String.format(refusal.why, detail);
        }

        public String whatToDo() {
            return refusal.whatToDo;
        }
    }
}
