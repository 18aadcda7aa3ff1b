package dev.digits.internal.model;

/** A saved model that cannot be used. The message is one line for the user. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    /**
     * What went wrong while reading a model's file, in words for that one line: the first line of
     * the cause's message, or, where it has none, "it ends too soon" for a file cut short, else the
     * cause's name.
     */
    public static String why(Throwable cause) {
        String m = cause.getMessage();
        if (m != null) return m.lines().findFirst().orElse("");
        return cause instanceof java.io.EOFException ? "it ends too soon" : cause.getClass().getSimpleName();
    }
}
