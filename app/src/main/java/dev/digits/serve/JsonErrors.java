package dev.digits.serve;

import dev.digits.internal.io.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The errors Jetty answers itself, before a request reaches Javalin (a request that arrives while
 * the server stops, an HTTP message it cannot parse), as the API's others: {@code {"error": "..."}}
 * in JSON rather than Jetty's HTML page. Javalin has no hook for these; Jetty's is its ErrorHandler.
 */
final class JsonErrors extends ErrorHandler {

    /** What Jetty's 503 means here: the context is no longer available because the server is stopping. */
    static final String STOPPING = "the server is shutting down";

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
            int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body(code, message));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    static String body(int code, String message) {
        String status = HttpStatus.getMessage(code);
        String words = code == HttpStatus.SERVICE_UNAVAILABLE_503 ? STOPPING
                : message == null || message.isBlank() || message.equals(status) ? status.toLowerCase(java.util.Locale.ROOT)
                : status.toLowerCase(java.util.Locale.ROOT) + ": " + message.lines().findFirst().orElse("");
        return Json.WIRE.toJson(Map.of("error", words));
    }
}
