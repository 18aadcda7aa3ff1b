package dev.digits.serve;

import dev.digits.io.Json;
import dev.digits.infer.DigitClassifier;
import dev.digits.infer.ImageDecoder;
import dev.digits.infer.ImageException;
import dev.digits.infer.Prediction;
import dev.digits.infer.Preprocessor;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnsupportedMediaTypeResponse;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinGson;
import java.io.IOException;
import java.io.InputStream;
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
 *       {@link ImageDecoder} and {@link Preprocessor} (the same path as {@code mnist predict}) and
 *       the answer includes the 28x28 input the model saw.
 *   <li>{@code POST /api/predict/batch}: a JSON array of 28x28 images (784 numbers 0..255 each),
 *       at most {@value #MAX_BATCH}, classified in one call.
 *   <li>{@code GET /api/model}, {@code GET /health}.
 * </ul>
 *
 * <p>Answers are written by Javalin with the project's wire JSON ({@link Json#WIRE}). Every
 * refusal is a 4xx with {@code {"error": "..."}}; anything unexpected is logged and answered 500
 * with a generic message. Bodies are limited to {@value #MAX_BODY} bytes. Static files come only
 * from the classpath folder {@code web/}. The model runs on an {@link InferenceQueue}, never on a
 * request thread.
 */
public final class DigitServer {

    /** The largest request body accepted, in bytes (5 MB). */
    public static final long MAX_BODY = 5L * 1024 * 1024;

    /** The most images in one batch request. */
    public static final int MAX_BATCH = 1024;

    /** How long {@link #stop()} waits for requests in flight, in milliseconds. */
    static final long STOP_TIMEOUT_MS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(DigitServer.class);

    /** The answer to {@code POST /api/predict}; {@code input} is the 28x28 image, 0..255. */
    record Answer(int digit, float[] probabilities, Map<String, Object> model, int[] input) {}

    /** One answer of {@code POST /api/predict/batch}. */
    record Scores(int digit, float[] probabilities) {}

    private final Javalin app;
    private final InferenceQueue inference;
    private final ModelDescription model;

    private DigitServer(DigitClassifier classifier, Consumer<Javalin> extraRoutes) {
        this.inference = new InferenceQueue(classifier);
        this.model = ModelDescription.of(classifier.info());
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinGson(Json.WIRE, false));
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
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/api/model", ctx -> ctx.json(model.details()));
        app.post("/api/predict", this::predict);
        app.post("/api/predict/batch", this::predictBatch);
        if (extraRoutes != null) {
            extraRoutes.accept(app);
        }

        app.exception(ImageException.class, (e, ctx) -> error(ctx, status(e), e.getMessage()));
        // Javalin's own 404 and 405 (EndpointNotFound, MethodNotAllowedResponse) arrive here too
        app.exception(HttpResponseException.class,
                (e, ctx) -> error(ctx, e.getStatus(), message(e, ctx)));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal server error");
        });
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
        byte[] input = Preprocessor.toMnist(ImageDecoder.read(imageBody(ctx)));
        Prediction p = inference.classify(input);
        int[] pixels = new int[input.length];
        for (int i = 0; i < input.length; i++) {
            pixels[i] = input[i] & 0xff;
        }
        ctx.json(new Answer(p.digit(), p.probabilities(), model.summary(), pixels));
    }

    private void predictBatch(Context ctx) {
        String type = mediaType(ctx);
        if (!"application/json".equals(type)) {
            throw new UnsupportedMediaTypeResponse("send the batch as application/json, not "
                    + (type.isEmpty() ? "no Content-Type" : type));
        }
        List<byte[]> images = BatchParser.parse(body(ctx), MAX_BATCH);
        ctx.json(inference.classify(images).stream()
                .map(p -> new Scores(p.digit(), p.probabilities())).toList());
    }

    /** The picture of a predict request: the body itself, or the multipart field "image". */
    private static byte[] imageBody(Context ctx) {
        String type = mediaType(ctx);
        switch (type) {
            case "image/png", "image/jpeg", "image/jpg" -> {
                byte[] bytes = body(ctx);
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

    /** The file field "image" of a multipart/form-data body. */
    private static byte[] imageField(Context ctx) {
        checkLength(ctx);
        UploadedFile file;
        try {
            file = ctx.uploadedFile("image");
        } catch (Exception e) { // Javalin (Kotlin) lets the servlet's checked exceptions through
            if (e instanceof IllegalStateException
                    && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("max")) {
                throw tooLarge();
            }
            throw new BadRequestResponse("malformed multipart/form-data body");
        }
        if (file == null) {
            throw new BadRequestResponse("multipart/form-data without a file field named 'image'");
        }
        if (file.size() > MAX_BODY) {
            throw tooLarge();
        }
        try (InputStream in = file.content()) {
            byte[] bytes = in.readNBytes((int) MAX_BODY + 1);
            if (bytes.length == 0) {
                throw new BadRequestResponse("the 'image' field is empty");
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequestResponse("could not read the 'image' field");
        }
    }

    /** The whole body, refused with 413 past {@link #MAX_BODY} whether or not it declared a length. */
    private static byte[] body(Context ctx) {
        checkLength(ctx);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequestResponse("could not read the request body");
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

    /** One line for the client: ours for 404 and 405, else the first line of the exception's. */
    private static String message(HttpResponseException e, Context ctx) {
        String message = e.getMessage();
        return switch (e.getStatus()) {
            case 404 -> "not found: " + ctx.method() + " " + ctx.path();
            case 405 -> "method " + ctx.method() + " not allowed for " + ctx.path();
            default -> message == null || message.isBlank() ? "request refused"
                    : message.lines().findFirst().orElse("request refused");
        };
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
