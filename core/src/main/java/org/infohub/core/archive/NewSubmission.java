package org.infohub.core.archive;

import java.time.Instant;
import java.util.Optional;

import org.infohub.core.member.HubList;
import org.infohub.core.member.Representative;
import org.infohub.core.tlp.Tlp;

/** A post to archive: what the pipeline learnt of it, and its raw bytes. */
public record NewSubmission(String messageId, HubList list, String sender, Optional<Representative> representative,
                            String subject, String textBody, Tlp tlp, boolean tlpLabelled, Instant receivedAt,
                            Optional<String> inReplyTo, byte[] raw) {
}
