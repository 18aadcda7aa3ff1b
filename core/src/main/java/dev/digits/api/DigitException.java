package dev.digits.api;

/**
 * A model folder or a picture that {@link DigitModel} cannot use. Unchecked; the message is one line
 * meant for a person (for example {@code "no ink found: the image is blank"}).
 */
public class DigitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DigitException(String message) {
        super(message);
    }

    public DigitException(String message, Throwable cause) {
        super(message, cause);
    }
}
