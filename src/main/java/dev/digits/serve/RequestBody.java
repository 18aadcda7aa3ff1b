package dev.digits.serve;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnsupportedMediaTypeResponse;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies, at most {@link DigitServer#MAX_BODY} bytes each, whether or not they declare a
 * length: over it is 413 before the body is read when the length is declared, else as soon as
 * the limit is passed. Only the bytes are read here, on the request thread; decoding waits for
 * the {@link InferenceQueue}. A body too slow to arrive is cut off by Jetty (see
 * {@link DigitServer#MIN_BODY_RATE}).
 */
final class RequestBody {

    private static final long MAX_BODY = DigitServer.MAX_BODY;

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
                    throw new BadRequestResponse("empty body: send a PNG or JPEG image");
                }
                return bytes;
            }
            case "multipart/form-data" -> {
                return imageField(ctx);
            }
            default -> throw new UnsupportedMediaTypeResponse("send a PNG or JPEG image "
                    + "(Content-Type image/png or image/jpeg) or multipart/form-data with a field "
                    + "'image', not " + (type.isEmpty() ? "no Content-Type" : type));
        }
    }

    /** The whole body, refused with 413 past {@link DigitServer#MAX_BODY} whether or not it declared a length. */
    static byte[] bytes(Context ctx) {
        checkLength(ctx);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequestResponse("could not read the request body (cut off, or sent too slowly)");
        }
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

    /**
     * The file field "image" of a multipart/form-data body. The length must be declared (browsers
     * and curl do), so the limit is checked here, before the servlet's parser runs, and anything
     * the parser throws means a malformed body.
     */
    private static byte[] imageField(Context ctx) {
        if (ctx.req().getContentLengthLong() < 0) {
            throw new HttpResponseException(HttpStatus.LENGTH_REQUIRED.getCode(),
                    "multipart/form-data needs a Content-Length", Map.of());
        }
        checkLength(ctx);
        UploadedFile file;
        try {
            file = ctx.uploadedFile("image");
        } catch (Exception e) { // Javalin (Kotlin) lets the servlet's checked exceptions through
            throw new BadRequestResponse("malformed multipart/form-data body");
        }
        if (file == null) {
            throw new BadRequestResponse("multipart/form-data without a file field named 'image'");
        }
        try (InputStream in = file.content()) {
            byte[] bytes = in.readNBytes((int) MAX_BODY);
            if (bytes.length == 0) {
                throw new BadRequestResponse("the 'image' field is empty");
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequestResponse("could not read the 'image' field");
        }
    }

    private static void checkLength(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY) {
            throw tooLarge();
        }
    }

    private static ContentTooLargeResponse tooLarge() {
        return new ContentTooLargeResponse(
                "request body over the " + MAX_BODY / (1024 * 1024) + " MB limit");
    }
}
