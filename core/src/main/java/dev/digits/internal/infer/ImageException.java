package dev.digits.internal.infer;

/**
 * An image that cannot be turned into a digit: unreadable, too large, or blank.
 *
 * <p>Unchecked, so it passes through lambdas and request handlers; its message is one line meant
 * for the user (for example {@code "no ink found: the image is blank"}), so a command line or an
 * HTTP server can show it as it is.
 */
public class ImageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the image, for callers that answer differently (an HTTP status, say). */
    public enum Reason {
        /** Not there, not a file, or not a readable PNG, JPEG, BMP or GIF. */
        UNREADABLE,
        /** Over the size limit. */
        TOO_LARGE,
        /** Readable, but blank: nothing to read. */
        NO_INK
    }

    private final Reason reason;

    /**
     * @param message one line for the user
     */
    public ImageException(String message) {
        this(Reason.UNREADABLE, message);
    }

    /**
     * @param reason what kind of fault
     * @param message one line for the user
     */
    public ImageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * @param message one line for the user
     * @param cause what went wrong underneath, for logs
     */
    public ImageException(String message, Throwable cause) {
        super(message, cause);
        this.reason = Reason.UNREADABLE;
    }

    public Reason reason() {
        return reason;
    }
}
