package dev.digits.internal.model;

/** A saved model that cannot be used. The message is one line for the user. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }
}
