package org.infohub.indexer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/** Read-only search over an index folder, for tools that run beside the server's writer. */
public final class IndexReaderSearch implements AutoCloseable {
    private final Directory directory;
    private final SearcherManager searchers;
    private final ArchiveSearch search;

    private IndexReaderSearch(Directory directory, SearcherManager searchers) {
        this.directory = directory;
        this.searchers = searchers;
        this.search = new ArchiveSearch(searchers);
    }

    /** Opens the index in {@code dir}, or throws with a message that says what to do. */
    public static IndexReaderSearch open(Path dir) throws SearchException {
        if (!Files.isDirectory(dir)) {
            throw new SearchException("there is no index in " + dir + ": start the server on this data directory "
                    + "to build it from the archive", null);
        }
        try {
            Directory directory = FSDirectory.open(dir);
            if (!DirectoryReader.indexExists(directory)) {
                directory.close();
                throw new SearchException("the index in " + dir + " is empty: start the server to build it", null);
            }
            return new IndexReaderSearch(directory, new SearcherManager(directory, new SearcherFactory()));
        } catch (IOException e) {
            throw new SearchException("the index in " + dir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Picks up what the writer committed since; the console calls it from one background thread. */
    public void refresh() throws IOException {
        searchers.maybeRefresh();
    }

    public ArchiveSearch search() {
        return search;
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        directory.close();
    }
}
