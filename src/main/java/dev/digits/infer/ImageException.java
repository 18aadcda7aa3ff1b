package dev.digits.infer;

/**
 * An image that cannot be turned into a digit: unreadable, too large, or blank.
 *
 * <p>Unchecked, so it passes through lambdas and request handlers; its message is one line meant
 * for the user (for example {@code "no ink found: the image is blank"}), so a command line or an
 * HTTP server can show it as it is.
 */
public class ImageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line for the user
     */
    public ImageException(String message) {
        super(message);
    }

    /**
     * @param message one line for the user
     * @param cause what went wrong underneath, for logs
     */
    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
