package dev.digits.internal.data;

/** A data file that cannot be used: missing, truncated, corrupt or inconsistent. The message is one line for the user. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The one line for a data file {@code name} (at {@code file}) that could not be read. */
    static DataException reading(java.nio.file.Path file, String name, java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return new DataException(file + ": no such file");
        if (e instanceof java.io.EOFException) return new DataException(name + ": truncated: the gzip stream ends early");
        if (e instanceof java.util.zip.ZipException) return new DataException(name + ": corrupt gzip data (" + e.getMessage() + ")");
        return new DataException(name + ": cannot be read: " + e.getMessage(), e);
    }
}
