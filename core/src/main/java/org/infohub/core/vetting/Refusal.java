package org.infohub.core.vetting;

import java.util.Optional;

import org.infohub.core.i18n.Language;
import org.infohub.core.i18n.Messages;

/**
 * A reason the hub will not distribute a post, with what the sender can do about it. The vetting
 * rules record every reason that applies, so one bounce explains them all. The words are in the
 * message bundles ({@code refusal.CODE.why}, {@code .todo}, {@code .title}), in English and Chinese.
 */
public enum Refusal {
    NULL_SENDER, AUTO_SUBMITTED, NOT_A_REPRESENTATIVE, FROM_NOT_A_REPRESENTATIVE, INACTIVE, WRONG_SECTOR,
    HELD_FOR_MODERATION, HELD_UNAUTHENTICATED, NOT_AUTHENTICATED, MALFORMED_MIME, AMBIGUOUS_FROM, TLP_UNCERTAIN, TLP_RED;

    /** A few words for a filter or a column: "Not a representative", "TLP label unclear". */
    public String title() {
        return title(Messages.of(Language.EN));
    }

    /** The same, in a reader's language. */
    public String title(Messages messages) {
        return messages.get("refusal." + name() + ".title");
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
            return why(Messages.of(Language.EN));
        }

        public String whatToDo() {
            return whatToDo(Messages.of(Language.EN));
        }

        /** Why, in the reader's language (the detail, a sender's own words, as it is). */
        public String why(Messages messages) {
            return messages.get("refusal." + refusal.name() + ".why", detail);
        }

        public String whatToDo(Messages messages) {
            return messages.get("refusal." + refusal.name() + ".todo");
        }
    }
}
