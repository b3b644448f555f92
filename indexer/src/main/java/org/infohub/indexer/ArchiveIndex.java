package org.infohub.indexer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.Submission;
import org.infohub.core.indicator.Indicators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the archive's Lucene index. It follows the archive by sequence number and
 * keeps the last indexed number in each commit's user data, so a restart resumes exactly where
 * the last commit ended: nothing lost, and a re-indexed post replaces itself
 * ({@code updateDocument}). Deleting the index folder rebuilds it from MariaDB at the next start.
 */
public final class ArchiveIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveIndex.class);
    private static final int BATCH = 500;
    /**
     * Commits (an fsync each) at most this often while following; searches in this process see new
     * posts at once through the writer's near-real-time reader, other processes at the next commit.
     * A crash in between only re-indexes from the last commit's cursor.
     */
    static final long COMMIT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ArchiveRepository archive;
    private final Object wake = new Object();
    private volatile long cursor;
    private volatile long committedCursor;
    private long lastCommitNanos = System.nanoTime();
    private volatile boolean running;
    private Thread follower;
    private final ArchiveSearch search;

    private ArchiveIndex(Directory directory, IndexWriter writer, ArchiveRepository archive, long cursor)
            throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.archive = archive;
        this.cursor = cursor;
        this.committedCursor = cursor;
        this.searchers = new SearcherManager(writer, new SearcherFactory());
        this.search = new ArchiveSearch(searchers);
    }

    /** Opens (or creates) the index in {@code dir}; a corrupt index is set aside and rebuilt. */
    public static ArchiveIndex open(Path dir, ArchiveRepository archive) {
        try {
            Files.createDirectories(dir);
            Directory directory = FSDirectory.open(dir);
            IndexWriter writer;
            try {
                writer = new IndexWriter(directory, new IndexWriterConfig(IndexFields.analyzer()));
            } catch (CorruptIndexException e) {
                directory.close();
                Path aside = dir.resolveSibling(dir.getFileName() + ".corrupt-" + System.currentTimeMillis());
                Files.move(dir, aside);
                LOG.warn("the index in {} is corrupt ({}); moved to {} and rebuilding from the archive", dir,
                        e.getMessage(), aside);
                Files.createDirectories(dir);
                directory = FSDirectory.open(dir);
                writer = new IndexWriter(directory, new IndexWriterConfig(IndexFields.analyzer()));
            }
            if (!DirectoryReader.indexExists(directory)) {
                // An empty first commit, so tools can open the index before the first post.
                writer.setLiveCommitData(Map.of(IndexFields.CURSOR, "0", IndexFields.LAYOUT_KEY,
                        Integer.toString(IndexFields.LAYOUT)).entrySet());
                writer.commit();
            }
            long cursor = readCursor(writer);
            LOG.info("index opened in {} at archive seq {} ({} documents)", dir, cursor, writer.getDocStats().numDocs);
            ArchiveIndex index = new ArchiveIndex(directory, writer, archive, cursor);
            index.changeCursor = readLong(writer, IndexFields.CHANGES);
            index.committedChangeCursor = index.changeCursor;
            if (cursor > 0 && readLayout(writer) < IndexFields.LAYOUT) {
                // Written by an earlier release without a field this one counts (the sender facet):
                // every entry is written again from the archive, in place (by its id), as it catches up.
                LOG.info("the index predates layout {}: its {} entries are written again from the archive",
                        IndexFields.LAYOUT, writer.getDocStats().numDocs);
                index.cursor = 0;
                index.committedCursor = -1;
            }
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("the index in " + dir + " cannot be opened", e);
        }
    }

    private static int readLayout(IndexWriter writer) {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> e : data) {
                if (e.getKey().equals(IndexFields.LAYOUT_KEY)) {
                    try {
                        return Integer.parseInt(e.getValue());
                    } catch (NumberFormatException bad) {
                        return 1;
                    }
                }
            }
        }
        return 1;
    }

    private static long readCursor(IndexWriter writer) {
        return readLong(writer, IndexFields.CURSOR);
    }

    private static long readLong(IndexWriter writer, String key) {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> e : data) {
                if (e.getKey().equals(key)) {
                    return Long.parseLong(e.getValue());
                }
            }
        }
        return 0;
    }

    /** Indexes every archived post after the cursor and commits; returns how many were added. */
    public synchronized int catchUp() throws IOException {
        lastUpdateCheck = System.nanoTime() - COMMIT_INTERVAL_NANOS;
        int n = indexNew();
        commit();
        return n;
    }

    /** Indexes new posts, visible to this process's searches at once; commits when one is due. */
    synchronized int follow() throws IOException {
        int n = indexNew();
        if (System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_NANOS) {
            commit();
        }
        return n;
    }

    private int indexNew() throws IOException {
        int total = 0;
        while (true) {
            List<Submission> batch = archive.after(cursor, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            // The indicators were found and stored when each post was archived: read, not found again.
            Map<Long, List<Indicators.Indicator>> indicators = archive.indicatorsBetween(cursor,
                    batch.get(batch.size() - 1).seq());
            for (Submission s : batch) {
                writer.updateDocument(new Term(IndexFields.ID, Long.toString(s.seq())),
                        IndexFields.document(s, indicators.getOrDefault(s.seq(), List.of())));
            }
            cursor = batch.get(batch.size() - 1).seq();
            total += batch.size();
            if (total % 20_000 < BATCH) {
                LOG.info("indexed {} posts so far, archive seq {}", total, cursor);
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        // Posts whose entry must be written again (an administrator changed the kind): a log this
        // index follows by its own position, looked at once a second, not on every pass (a pass
        // follows each archived post). A post past the cursor is indexed as it is now when reached.
        List<ArchiveRepository.IndexChange> updates = List.of();
        if (System.nanoTime() - lastUpdateCheck >= COMMIT_INTERVAL_NANOS) {
            lastUpdateCheck = System.nanoTime();
            updates = archive.indexChanges(changeCursor, BATCH);
        }
        for (ArchiveRepository.IndexChange change : updates) {
            if (change.seq() <= cursor) {
                java.util.Optional<Submission> s = archive.findBySeq(change.seq());
                if (s.isPresent()) {
                    writer.updateDocument(new Term(IndexFields.ID, Long.toString(change.seq())),
                            IndexFields.document(s.get(), archive.indicators(change.seq())));
                }
            }
            changeCursor = change.id();
        }
        if (total > 0 || !updates.isEmpty()) {
            searchers.maybeRefresh();
        }
        return total;
    }

    private long lastUpdateCheck;

    /** The last request of the index_change log this index has carried out (kept in its commits). */
    private long changeCursor;
    private long committedChangeCursor;

    private void commit() throws IOException {
        lastCommitNanos = System.nanoTime();
        if (committedCursor == cursor && !writer.hasUncommittedChanges() && committedChangeCursor == changeCursor) {
            return;
        }
        Map<String, String> data = new HashMap<>();
        data.put(IndexFields.CURSOR, Long.toString(cursor));
        data.put(IndexFields.CHANGES, Long.toString(changeCursor));
        data.put(IndexFields.LAYOUT_KEY, Integer.toString(IndexFields.LAYOUT));
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
        committedCursor = cursor;
        committedChangeCursor = changeCursor;
    }

    /** Follows the archive from a background thread, checking every {@code interval}. */
    public void startFollowing(Duration interval) {
        running = true;
        follower = new Thread(() -> follow(interval), "infohub-indexer");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow(Duration interval) {
        long backoff = interval.toMillis();
        while (running) {
            try {
                int n = follow();
                if (n > 0) {
                    LOG.debug("indexed {} posts, archive seq now {}", n, cursor);
                }
                backoff = interval.toMillis();
            } catch (IOException | RuntimeException e) {
                backoff = Math.min(backoff * 2, TimeUnit.SECONDS.toMillis(30));
                LOG.warn("indexing paused, retrying in {} ms: {}", backoff, e.getMessage());
            }
            synchronized (wake) {
                try {
                    wake.wait(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Asks the follower to look at the archive now rather than at its next tick. */
    public void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    public long cursor() {
        return cursor;
    }

    /** Documents in the index (as of its last refresh). */
    public int documents() {
        return writer.getDocStats().numDocs;
    }

    public ArchiveSearch search() {
        return search;
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            if (follower != null) {
                follower.join(TimeUnit.SECONDS.toMillis(10));
            }
            synchronized (this) {
                commit();
                searchers.close();
                writer.close();
                directory.close();
            }
        } catch (IOException e) {
            LOG.warn("index did not close cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
