package org.infohub.indexer;

/** A query that cannot be run, with a message that points at the problem. */
public class SearchException extends Exception {
    public SearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
