package org.infohub.core.member;

import java.util.List;

/** One page of a listing: its rows, how many rows match in all, which page of what size. */
public record Page<T>(List<T> rows, long total, int page, int size) {

    public int pages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasNext() {
        return page < pages();
    }

    public boolean hasPrevious() {
        return page > 1;
    }
}
