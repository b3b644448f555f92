package org.infohub.core.digest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The digests' cache of posts keeps within its budget, the least recently used out first. */
class EmbeddedPostsTest {
    @Test
    void theLeastRecentlyUsedPostGoesFirstAndOneLargerThanAllowedIsNotKept() {
        EmbeddedPosts cache = new EmbeddedPosts(10, 6);
        cache.put(1, new byte[4]);
        cache.put(2, new byte[4]);
        assertThat(cache.get(1)).hasSize(4);
        cache.put(3, new byte[4]);
        assertThat(cache.get(2)).as("least recently used, out over the budget").isNull();
        assertThat(cache.get(1)).hasSize(4);
        assertThat(cache.get(3)).hasSize(4);
        cache.put(4, new byte[7]);
        assertThat(cache.get(4)).as("larger than one post may be").isNull();
        assertThat(cache.get(1)).isNotNull();
        assertThat(cache.get(3)).isNotNull();
    }
}
