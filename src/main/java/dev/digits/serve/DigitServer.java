package dev.digits.serve;

import com.google.gson.Gson;
import dev.digits.io.Json;
import dev.digits.infer.DigitClassifier;
import dev.digits.infer.ImageDecoder;
import dev.digits.infer.ImageException;
import dev.digits.infer.Prediction;
import dev.digits.infer.Preprocessor;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web service: a drawing page at {@code /} and a JSON API over one {@link DigitClassifier}.
 *
 * <ul>
 *   <li>{@code POST /api/predict}: a PNG or JPEG body ({@code image/png}, {@code image/jpeg}) or
 *       {@code multipart/form-data} with a file field {@code image}; the picture goes through
 *       {@link ImageDecoder} and {@link Preprocessor} (the same path as {@code mnist predict}) and the answer includes the
 *       28x28 input the model saw.
 *   <li>{@code POST /api/predict/batch}: a JSON array of 28x28 images (784 numbers 0..255 each),
 *       at most {@value #MAX_BATCH}, classified in one call.
 *   <li>{@code GET /api/model}, {@code GET /health}.
 * </ul>
 *
 * <p>Every refusal is a 4xx with {@code {"error": "..."}}; anything unexpected is logged and
 * answered 500 with a generic message. Bodies are limited to {@value #MAX_BODY} bytes. Static
 * files come only from the classpath folder {@code web/}.
 */
public final class DigitServer {

    /** The largest request body accepted, in bytes (5 MB). */
    public static final long MAX_BODY = 5L * 1024 * 1024;

    /** The most images in one batch request. */
    public static final int MAX_BATCH = DigitClassifier.MAX_BATCH;

    /** How long {@link #stop()} waits for requests in flight, in milliseconds. */
    static final long STOP_TIMEOUT_MS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(DigitServer.class);
    private static final Gson GSON = Json.WIRE;

    private final Javalin app;
    private final InferenceQueue inference;
    private final ModelDescription model;

    private DigitServer(DigitClassifier classifier, Consumer<Javalin> extraRoutes) {
        this.inference = new InferenceQueue(classifier);
        this.model = ModelDescription.of(classifier.info());
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY;
            config.http.prefer405over404 = true;
            config.jetty.multipartConfig.maxTotalRequestSize(MAX_BODY, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxFileSize(MAX_BODY, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize((int) MAX_BODY, SizeUnit.BYTES);
            config.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MS));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache",
                        "X-Content-Type-Options", "nosniff");
            });
        });
        app.get("/health", ctx -> json(ctx, 200, Map.of("status", "ok")));
        app.get("/api/model", ctx -> json(ctx, 200, model.details()));
        app.post("/api/predict", this::predict);
        app.post("/api/predict/batch", this::predictBatch);
        if (extraRoutes != null) {
            extraRoutes.accept(app);
        }

        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(ImageException.class, (e, ctx) -> error(ctx, status(e), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                httpMessage(e.getStatus(), e.getMessage(), ctx)));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal server error");
        });
        // Javalin's own 404 and 405 (no body yet): JSON like the rest
        for (int status : new int[] {404, 405}) {
            app.error(status, ctx -> {
                if (ctx.resultInputStream() == null) {
                    error(ctx, status, httpMessage(status, null, ctx));
                }
            });
        }
    }

    /**
     * Starts serving.
     *
     * @param classifier the model; the caller keeps ownership and closes it after {@link #stop()}
     * @param host the address to bind, such as {@code 127.0.0.1} (local only) or {@code 0.0.0.0}
     * @param port the port, or 0 for a free one (see {@link #port()})
     */
    public static DigitServer start(DigitClassifier classifier, String host, int port) {
        return start(classifier, host, port, null);
    }

    /** As {@link #start(DigitClassifier, String, int)}, with extra routes (for tests). */
    static DigitServer start(DigitClassifier classifier, String host, int port,
            Consumer<Javalin> extraRoutes) {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        DigitServer server = new DigitServer(classifier, extraRoutes);
        server.app.start(host, port);
        return server;
    }

    /** The port being served (the one chosen when started with port 0). */
    public int port() {
        return app.port();
    }

    /** Stops accepting requests, lets those in flight finish (up to 30 s) and shuts down. */
    public void stop() {
        app.stop();
        inference.close();
    }

    private void predict(Context ctx) {
        byte[] bytes = imageBody(ctx);
        BufferedImage image = ImageDecoder.read(bytes);
        byte[] input = Preprocessor.toMnist(image);
        Prediction p = inference.classify(input);
        int[] pixels = new int[input.length];
        for (int i = 0; i < input.length; i++) {
            pixels[i] = input[i] & 0xff;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("digit", p.digit());
        out.put("probabilities", p.probabilities());
        out.put("model", model.summary());
        out.put("input", pixels);
        json(ctx, 200, out);
    }

    private void predictBatch(Context ctx) {
        String type = mediaType(ctx);
        if (!"application/json".equals(type)) {
            throw ApiError.unsupportedType("send the batch as application/json, not "
                    + (type.isEmpty() ? "no Content-Type" : type));
        }
        List<byte[]> images = BatchParser.parse(body(ctx), MAX_BATCH);
        List<Map<String, Object>> out = new ArrayList<>(images.size());
        for (Prediction p : inference.classify(images)) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("digit", p.digit());
            one.put("probabilities", p.probabilities());
            out.add(one);
        }
        json(ctx, 200, out);
    }

    /** The picture of a predict request: the body itself, or the multipart field "image". */
    private byte[] imageBody(Context ctx) {
        String type = mediaType(ctx);
        switch (type) {
            case "image/png", "image/jpeg", "image/jpg" -> {
                byte[] bytes = body(ctx);
                if (bytes.length == 0) {
                    throw ApiError.badRequest("empty body: send a PNG or JPEG image");
                }
                return bytes;
            }
            case "multipart/form-data" -> {
                checkLength(ctx);
                UploadedFile file;
                try {
                    file = ctx.uploadedFile("image");
                } catch (Exception e) { // Javalin (Kotlin) lets the servlet's checked exceptions through
                    if (e instanceof IllegalStateException
                            && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("max")) {
                        throw ApiError.tooLarge(tooLargeMessage());
                    }
                    throw ApiError.badRequest("malformed multipart/form-data body");
                }
                if (file == null) {
                    throw ApiError.badRequest(
                            "multipart/form-data without a file field named 'image'");
                }
                if (file.size() > MAX_BODY) {
                    throw ApiError.tooLarge(tooLargeMessage());
                }
                try (InputStream in = file.content()) {
                    byte[] bytes = in.readNBytes((int) MAX_BODY + 1);
                    if (bytes.length == 0) {
                        throw ApiError.badRequest("the 'image' field is empty");
                    }
                    return bytes;
                } catch (IOException e) {
                    throw ApiError.badRequest("could not read the 'image' field");
                }
            }
            default -> throw ApiError.unsupportedType("send a PNG or JPEG image (Content-Type "
                    + "image/png or image/jpeg) or multipart/form-data with a field 'image', not "
                    + (type.isEmpty() ? "no Content-Type" : type));
        }
    }

    /** The whole body, refused with 413 past {@link #MAX_BODY} whether or not it declared a length. */
    private static byte[] body(Context ctx) {
        checkLength(ctx);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw ApiError.tooLarge(tooLargeMessage());
            }
            return bytes;
        } catch (IOException e) {
            throw ApiError.badRequest("could not read the request body");
        }
    }

    private static void checkLength(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY) {
            throw ApiError.tooLarge(tooLargeMessage());
        }
    }

    private static String tooLargeMessage() {
        return "request body over the " + MAX_BODY / (1024 * 1024) + " MB limit";
    }

    /** The media type of the request, lower case, without parameters; "" if none. */
    private static String mediaType(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null) {
            return "";
        }
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static int status(ImageException e) {
        return switch (e.reason()) {
            case NO_INK -> 422;
            case TOO_LARGE -> 413;
            case UNREADABLE -> 400;
        };
    }

    private static String httpMessage(int status, String message, Context ctx) {
        return switch (status) {
            case 404 -> "not found: " + ctx.method() + " " + ctx.path();
            case 405 -> "method " + ctx.method() + " not allowed for " + ctx.path();
            case 413 -> tooLargeMessage();
            default -> message == null || message.isBlank() ? "request refused"
                    : message.lines().findFirst().orElse("request refused");
        };
    }

    private static void error(Context ctx, int status, String message) {
        json(ctx, status, Map.of("error", message));
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(GSON.toJson(body));
    }
}
