package org.infohub.core.digest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Archived posts as digests embed them, by sequence, least recently used first out, within a
 * budget of bytes. An archived post's bytes never change, so an entry is never stale; a post
 * larger than {@code largest} is not kept (it would push out hundreds of others).
 */
final class EmbeddedPosts {
    private final long budget;
    private final int largest;
    private final LinkedHashMap<Long, byte[]> posts = new LinkedHashMap<>(256, 0.75f, true);
    private long held;

    EmbeddedPosts(long budget, int largest) {
        this.budget = budget;
        this.largest = largest;
    }

    synchronized byte[] get(long seq) {
        return posts.get(seq);
    }

    synchronized void put(long seq, byte[] raw) {
        if (raw.length > largest) {
            return;
        }
        byte[] before = posts.put(seq, raw);
        held += raw.length - (before == null ? 0 : before.length);
        var eldest = posts.entrySet().iterator();
        while (held > budget && eldest.hasNext()) {
            Map.Entry<Long, byte[]> e = eldest.next();
            held -= e.getValue().length;
            eldest.remove();
        }
    }
}
