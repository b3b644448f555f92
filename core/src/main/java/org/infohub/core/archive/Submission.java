package org.infohub.core.archive;

import java.time.Instant;
import java.util.Optional;

import org.infohub.core.kind.Kind;
import org.infohub.core.tlp.Tlp;

/** An archived post, without its raw bytes. {@code seq} is its archive id and place in order. */
public record Submission(long seq, String messageId, long listId, String listName, String sender,
                         Optional<String> organisation, Optional<String> sector, String subject, String textBody,
                         Tlp tlp, boolean tlpLabelled, Instant receivedAt, Optional<String> inReplyTo,
                         Optional<Instant> distributedAt, Kind kind) {
}
