package dev.digits.data;

/** A data file that cannot be used: missing, truncated, corrupt or inconsistent. The message is one line for the user. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
