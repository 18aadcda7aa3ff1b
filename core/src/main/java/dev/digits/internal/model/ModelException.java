package dev.digits.internal.model;

/** A saved model that cannot be used. The message is one line for the user. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    /**
     * What went wrong while reading a model's file, in words for that one line: "not UTF-8 text"
     * for a text file holding other bytes (the JDK says only "Input length = 1"), else the first
     * line of the cause's message, or, where it has none, "it ends too soon" for a file cut short,
     * else the cause's name.
     */
    public static String why(Throwable cause) {
        if (cause instanceof java.nio.charset.CharacterCodingException) return "not UTF-8 text";
        String m = cause.getMessage();
        if (m != null) return m.lines().findFirst().orElse("");
        return cause instanceof java.io.EOFException ? "it ends too soon" : cause.getClass().getSimpleName();
    }
}
