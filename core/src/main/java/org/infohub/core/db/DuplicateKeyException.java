package org.infohub.core.db;

/** An insert that broke a unique key: callers that are idempotent by design expect it. */
public class DuplicateKeyException extends DataAccessException {
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
