package dev.digits.serve;

/**
 * A request the server refuses, with the HTTP status and one line for the client; it becomes the
 * JSON body {@code {"error": message}}.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError tooLarge(String message) {
        return new ApiError(413, message);
    }

    static ApiError unsupportedType(String message) {
        return new ApiError(415, message);
    }
}
