package org.infohub.admin.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.infohub.indexer.ArchiveSearch;
import org.infohub.indexer.IndexReaderSearch;
import org.infohub.indexer.SearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's view of the server's index folder: one reader, refreshed from one background
 * thread every second (never a reader per query), reopened when {@code reindex} has put a new
 * index in place.
 */
final class ConsoleIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleIndex.class);

    private final Path dir;
    private final ScheduledExecutorService refresher;
    private volatile IndexReaderSearch current;
    private volatile Object openedKey;

    ConsoleIndex(Path dir) {
        this.dir = dir;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-console-index");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 1, 1, TimeUnit.SECONDS);
    }

    ArchiveSearch search() throws SearchException {
        IndexReaderSearch s = current;
        if (s == null) {
            synchronized (this) {
                if (current == null) {
                    current = IndexReaderSearch.open(dir);
                    openedKey = key();
                }
                s = current;
            }
        }
        return s.search();
    }

    private Object key() {
        try {
            return Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private synchronized void refresh() {
        IndexReaderSearch s = current;
        if (s == null) {
            return;
        }
        try {
            if (!Objects.equals(key(), openedKey)) {
                // A rebuilt index took the folder's place: start over on it.
                current = null;
                s.close();
                return;
            }
            s.refresh();
        } catch (IOException | RuntimeException e) {
            LOG.warn("index refresh failed, reopening: {}", e.getMessage());
            current = null;
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do with a reader that failed
            }
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        IndexReaderSearch s = current;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing the index reader: {}", e.getMessage());
            }
        }
    }
}
