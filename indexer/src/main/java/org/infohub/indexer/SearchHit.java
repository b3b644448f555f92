package org.infohub.indexer;

import java.time.Instant;

/** One search result: the archive id and what a listing shows of the post. */
public record SearchHit(long seq, Instant received, String list, String tlp, String subject) {
}
