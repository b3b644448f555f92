package org.infohub.indexer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.infohub.core.archive.ArchiveRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rebuilt index is made beside the live one ({@code index.next}), resuming from its own commit
 * cursor if a rebuild was cut short, and marked complete when it has caught up with the archive.
 * Only then does it replace the live index, by two renames that a restart can finish: searches
 * use the old index until the new one is whole.
 */
public final class IndexSwap {
    private static final Logger LOG = LoggerFactory.getLogger(IndexSwap.class);
    static final String COMPLETE = "REINDEX-COMPLETE";

    private IndexSwap() {
    }

    public static Path next(Path indexDir) {
        return indexDir.resolveSibling(indexDir.getFileName() + ".next");
    }

    private static Path old(Path indexDir) {
        return indexDir.resolveSibling(indexDir.getFileName() + ".old");
    }

    /** Builds (or goes on building) the new index from the archive and marks it complete; returns its size. */
    public static int build(Path indexDir, ArchiveRepository archive) throws IOException {
        try (ArchiveIndex next = ArchiveIndex.open(next(indexDir), archive)) {
            next.catchUp();
            int docs = next.documents();
            Files.writeString(next(indexDir).resolve(COMPLETE), Long.toString(next.cursor()));
            return docs;
        }
    }

    public static boolean ready(Path indexDir) {
        return Files.isRegularFile(next(indexDir).resolve(COMPLETE));
    }

    /**
     * Puts a complete new index in place of the live one. Call it with no writer open on either.
     * Crash-safe: live to {@code .old}, then {@code .next} to live; {@link #recover} finishes either step.
     */
    public static void swap(Path indexDir) throws IOException {
        if (!ready(indexDir)) {
            return;
        }
        if (Files.exists(indexDir)) {
            delete(old(indexDir));
            Files.move(indexDir, old(indexDir), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(next(indexDir), indexDir, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(indexDir.resolve(COMPLETE));
        delete(old(indexDir));
        LOG.info("the rebuilt index is now live in {}", indexDir);
    }

    /**
     * At start: finishes a swap cut short, and finishes a rebuild cut short (it goes on from its
     * own cursor) before swapping it in.
     */
    public static void recover(Path indexDir, ArchiveRepository archive) throws IOException {
        if (!Files.exists(indexDir) && ready(indexDir)) {
            swap(indexDir);
        }
        if (Files.isDirectory(next(indexDir))) {
            if (!ready(indexDir)) {
                LOG.info("a rebuild of the index was cut short: finishing it from where it stopped");
                build(indexDir, archive);
            }
            swap(indexDir);
        }
        delete(old(indexDir));
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
