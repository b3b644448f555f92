package org.infohub.mailet;

import java.util.List;

/**
 * The names of the processors in {@code mailetcontainer.xml} that Java code sends mail to, in one
 * place: {@code ProcessorsTest} fails when one is not declared there (a mail sent to an unknown
 * processor would fail at run time, on the mail that needed it).
 */
public final class Processors {
    /** Vetting: structure, sender, label. */
    public static final String VETTING = "hub-vetting";
    /** Refused: recorded, the sender told, kept in {@code var/mail/refused}. */
    public static final String REJECT = "hub-reject";
    /** Held for a decision (moderation, an unreadable label): recorded, the sender told, kept in {@code var/mail/held}. */
    public static final String HOLD = "hub-hold";
    /** Archived, its audience decided, distributed. */
    public static final String POSTING = "hub-posting";
    /** Outgoing list mail: signed and handed to delivery. */
    public static final String RELAY = "hub-relay";
    /** Failed for now: waits and is tried again. */
    public static final String RETRY = "hub-retry";
    /** Over its time budget: set aside ({@link MailBudget}). */
    public static final String OVER_BUDGET = "hub-over-budget";
    /** Digests built by the server. */
    public static final String DIGEST = "hub-digest";
    /** Delivery given up: the list owners told. */
    public static final String DELIVERY_FAILED = "hub-delivery-failed";

    /** A reply with sighting commands ({@code +seen ...}): recorded and confirmed, never shared as a post. */
    public static final String SIGHTING = "hub-sighting";
    public static final List<String> ALL = List.of(VETTING, REJECT, HOLD, POSTING, RELAY, RETRY, OVER_BUDGET, DIGEST,
            DELIVERY_FAILED, SIGHTING);

    private Processors() {
    }
}
