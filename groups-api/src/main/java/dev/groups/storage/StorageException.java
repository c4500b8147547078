package dev.groups.storage;

/**
 * A log store could not read or write: an I/O error, a corrupted file, or a directory that belongs to
 * another group. The runtime stops the group when it sees one.
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
