package dev.digits.serve;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnsupportedMediaTypeResponse;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.MultiPartFormInputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies, at most {@link DigitServer#MAX_BODY} bytes each, whether or not they declare
 * a length: over it is 413 before the body is read when the length is declared, else as soon as
 * the limit is passed. A body must also keep up {@value #MIN_RATE} bytes a second after a
 * {@value #GRACE_MS} ms start (408 when it falls behind), so that clients trickling a byte a second
 * cannot hold the request threads; a connection silent for {@link DigitServer#IDLE_TIMEOUT_MS} ms
 * is closed by Jetty. Only the bytes are read here, on the request thread; decoding waits for the
 * {@link InferenceQueue}.
 *
 * <p>Hand-written rather than Jetty's minimum request data rate, which counts from the first byte
 * even when it is the server that reads late: under load, small bodies that had long arrived were
 * refused with 408 (measured: 1 in 32 parallel requests). Multipart bodies are read the same way and
 * then parsed from memory by Jetty's own parser.
 */
final class RequestBody {

    /** The slowest a body may arrive, after the grace period, in bytes a second. */
    static final long MIN_RATE = 16 * 1024;

    /** How long any body may take before {@link #MIN_RATE} applies, in milliseconds. */
    static final long GRACE_MS = 2_000;

    private static final long MAX_BODY = DigitServer.MAX_BODY;

    /** Where the multipart parser would put parts over its threshold; none are (the threshold is over the body limit). */
    private static final String TMP = System.getProperty("java.io.tmpdir");

    private RequestBody() {}

    /**
     * The picture of a predict request: the body itself ({@code image/*}), or the multipart field
     * "image". Its format is read from its bytes later, whatever the type says.
     */
    static byte[] picture(Context ctx) {
        String type = mediaType(ctx);
        switch (type) {
            case "image/png", "image/jpeg", "image/jpg", "image/gif", "image/bmp" -> {
                byte[] bytes = bytes(ctx);
                if (bytes.length == 0) {
                    throw new BadRequestResponse("empty body: send a PNG, JPEG, GIF or BMP image");
                }
                return bytes;
            }
            case "multipart/form-data" -> {
                return imageField(ctx.header("Content-Type"), bytes(ctx));
            }
            default -> throw new UnsupportedMediaTypeResponse("send a PNG, JPEG, GIF or BMP image "
                    + "(Content-Type image/png, image/jpeg, image/gif or image/bmp) or multipart/form-data with a field "
                    + "'image', not " + (type.isEmpty() ? "no Content-Type" : type));
        }
    }

    /** The whole body, refused with 413 past {@link DigitServer#MAX_BODY} and 408 when too slow. */
    static byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY) {
            throw tooLarge();
        }
        long start = System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = ctx.req().getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                body.write(buffer, 0, n);
                if (body.size() > MAX_BODY) {
                    throw tooLarge();
                }
                long allowedMs = GRACE_MS + body.size() * 1000L / MIN_RATE;
                if ((System.nanoTime() - start) / 1_000_000 > allowedMs) {
                    throw new HttpResponseException(HttpStatus.REQUEST_TIMEOUT.getCode(), "request body arrived slower than "
                            + MIN_RATE / 1024 + " KiB/s", Map.of());
                }
            }
            return body.toByteArray();
        } catch (IOException | BadMessageException e) {
            if (idle(e)) {
                throw new HttpResponseException(HttpStatus.REQUEST_TIMEOUT.getCode(), "the request body stopped arriving (nothing for "
                        + DigitServer.IDLE_TIMEOUT_MS / 1000 + " s)", Map.of());
            }
            throw new BadRequestResponse("could not read the request body (cut off, malformed, or sent too slowly)");
        }
    }

    /** Whether Jetty gave up on a connection that sent nothing for its idle timeout (a TimeoutException inside). */
    private static boolean idle(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.util.concurrent.TimeoutException) return true;
        }
        return false;
    }

    /** The media type of the request, lower case, without parameters; "" if none. */
    static String mediaType(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null) {
            return "";
        }
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The file field "image" of a multipart/form-data body already read, parsed by Jetty's parser in memory. */
    private static byte[] imageField(String contentType, byte[] body) {
        MultiPartFormInputStream form = new MultiPartFormInputStream(new ByteArrayInputStream(body), contentType,
                new MultipartConfigElement(TMP, MAX_BODY, MAX_BODY, (int) MAX_BODY + 1), new File(TMP));
        try {
            Part part = form.getPart("image");
            if (part == null || part.getSubmittedFileName() == null) {
                throw new BadRequestResponse("multipart/form-data without a file field named 'image'");
            }
            try (InputStream in = part.getInputStream()) {
                byte[] bytes = in.readAllBytes();
                if (bytes.length == 0) {
                    throw new BadRequestResponse("the 'image' field is empty");
                }
                return bytes;
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new BadRequestResponse("malformed multipart/form-data body");
        } finally {
            form.deleteParts();
        }
    }

    private static ContentTooLargeResponse tooLarge() {
        return new ContentTooLargeResponse(
                "request body over the " + MAX_BODY / (1024 * 1024) + " MiB limit");
    }
}
