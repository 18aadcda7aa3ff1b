package dev.digits.serve;

import dev.digits.internal.io.Json;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.infer.ImageException;
import dev.digits.internal.read.DigitGate;
import dev.digits.internal.read.StripModel;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnsupportedMediaTypeResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinGson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web service: a drawing page at {@code /} and a JSON API over one {@link DigitClassifier}.
 *
 * <ul>
 *   <li>{@code POST /api/predict}: a PNG or JPEG body ({@code image/png}, {@code image/jpeg}) or
 *       {@code multipart/form-data} with a file field {@code image}; the picture goes through
 *       {@link ImageDecoder} and {@link dev.digits.internal.read.DigitPicture} (the same path as {@code mnist predict}) and
 *       the answer includes the 28x28 input the model saw.
 *   <li>{@code POST /api/read}: the number in a picture ({@link ReadRoute}).
 *   <li>{@code POST /api/predict/batch}: a JSON array of 28x28 images (784 numbers 0..255 each),
 *       at most {@value #MAX_BATCH}, classified in one call.
 *   <li>{@code GET /api/model}, {@code GET /health}.
 * </ul>
 *
 * <p>Answers are written by Javalin with the project's wire JSON ({@link Json#WIRE}). Every
 * refusal is a 4xx with {@code {"error": "..."}} (429 with {@code Retry-After} when too many
 * large pictures come at once, {@link LargePictures}), or a 503 with {@code Retry-After} when the
 * server is too busy; anything unexpected is logged and answered 500 with a generic message.
 * Bodies are limited to {@value #MAX_BODY} bytes and must keep up a minimum rate ({@link
 * RequestBody}); a connection idle for {@value #IDLE_TIMEOUT_MS} ms is closed. Requests from
 * other sites are refused ({@link RequestGuard}). Static files come only from the classpath folder
 * {@code web/}. Pictures are decoded and the model runs on an {@link InferenceQueue}, never on a
 * request thread.
 */
public final class DigitServer {

    /** The largest request body accepted, in bytes (5 MiB). */
    public static final long MAX_BODY = 5L * 1024 * 1024;

    /** The most images in one batch request. */
    public static final int MAX_BATCH = 1024;

    /** How long a connection may send nothing before Jetty closes it, in milliseconds. */
    public static final long IDLE_TIMEOUT_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(DigitServer.class);

    /** The answer to {@code POST /api/predict}; {@code input} is the 28x28 image, 0..255. */
    record Answer(int digit, float[] probabilities, Map<String, Object> model, int[] input) {}

    /** One answer of {@code POST /api/predict/batch}. */
    record Scores(int digit, float[] probabilities) {}

    private final Javalin app;
    private final InferenceQueue inference;
    private final ModelDescription model;
    private final ServeLimits limits;

    private DigitServer(DigitClassifier classifier, DigitGate gate, StripModel strips, String host, ServeLimits limits,
            Consumer<Javalin> extraRoutes) {
        this.limits = limits;
        this.inference = new InferenceQueue(classifier, limits.queue(), limits.deadlineMillis());
        this.model = ModelDescription.of(classifier.info());
        RequestGuard guard = RequestGuard.forBinding(host, limits.allowedHosts());
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinGson(Json.WIRE, false));
            config.http.maxRequestSize = MAX_BODY;
            config.http.prefer405over404 = true;
            // requests in flight finish within their deadline; stop waits a little longer
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(limits.deadlineMillis() + 5_000);
                server.setErrorHandler(new JsonErrors());
            });
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrors()));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache",
                        "X-Content-Type-Options", "nosniff");
            });
        });
        app.before(guard::check);
        app.get("/health", this::health);
        app.get("/api/model", ctx -> ctx.json(model.details()));
        app.post("/api/predict", this::predict);
        app.post("/api/read", new ReadRoute(inference, gate, strips)::handle);
        app.post("/api/predict/batch", this::predictBatch);
        if (extraRoutes != null) {
            extraRoutes.accept(app);
        }

        app.exception(ImageException.class, (e, ctx) -> error(ctx, status(e), e.getMessage()));
        app.exception(InferenceQueue.Busy.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            error(ctx, 503, e.getMessage());
        });
        app.exception(LargePictures.Refused.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            error(ctx, 429, e.getMessage());
        });
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
        return start(classifier, new DigitGate(null), host, port, ServeLimits.DEFAULT, null);
    }

    /** As {@link #start(DigitClassifier, String, int)}, with the model's "not a digit" gate for {@code /api/read}. */
    public static DigitServer start(DigitClassifier classifier, DigitGate gate, String host, int port) {
        return start(classifier, gate, host, port, ServeLimits.DEFAULT, null);
    }

    /** As {@link #start(DigitClassifier, DigitGate, String, int)}, with the given limits. */
    public static DigitServer start(DigitClassifier classifier, DigitGate gate, String host, int port, ServeLimits limits) {
        return start(classifier, gate, host, port, limits, null);
    }

    /**
     * As {@link #start(DigitClassifier, DigitGate, String, int, ServeLimits)}, with the whole-number
     * reader that {@code /api/read} checks its pieces against (null for none; the caller closes it).
     */
    public static DigitServer start(DigitClassifier classifier, DigitGate gate, StripModel strips, String host, int port,
            ServeLimits limits) {
        return start(classifier, gate, strips, host, port, limits, null);
    }

    /** As {@link #start(DigitClassifier, String, int)}, with the given limits. */
    public static DigitServer start(DigitClassifier classifier, String host, int port, ServeLimits limits) {
        return start(classifier, new DigitGate(null), host, port, limits, null);
    }

    /** With extra routes (for tests). */
    static DigitServer start(DigitClassifier classifier, String host, int port, ServeLimits limits,
            Consumer<Javalin> extraRoutes) {
        return start(classifier, new DigitGate(null), host, port, limits, extraRoutes);
    }

    static DigitServer start(DigitClassifier classifier, DigitGate gate, String host, int port, ServeLimits limits,
            Consumer<Javalin> extraRoutes) {
        return start(classifier, gate, null, host, port, limits, extraRoutes);
    }

    static DigitServer start(DigitClassifier classifier, DigitGate gate, StripModel strips, String host, int port,
            ServeLimits limits, Consumer<Javalin> extraRoutes) {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        DigitServer server = new DigitServer(classifier, gate, strips, host, limits, extraRoutes);
        server.app.start(host, port);
        for (Connector c : server.app.jettyServer().server().getConnectors()) {
            if (c instanceof AbstractConnector connector) connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        }
        return server;
    }

    /** The queue in front of the model (for tests that fill it). */
    InferenceQueue inference() {
        return inference;
    }

    /** The port being served (the one chosen when started with port 0). */
    public int port() {
        return app.port();
    }

    /**
     * Stops accepting connections, lets the requests in flight finish (each within its deadline),
     * then waits for the inference threads.
     *
     * @return true if the inference threads ended: only then may the caller close the classifier
     *     (a forward pass must never run on a closed model)
     */
    public boolean stop() {
        app.stop();
        return inference.close(limits.deadlineMillis() + 5_000);
    }

    /** Whether {@link #stop} has begun and is waiting for the requests in flight. */
    boolean stopping() {
        return app.jettyServer().server().isStopping();
    }

    /** 200 and {"status": "ok"}, or 503 and "saturated" while the inference queue is full; and the load. */
    private void health(Context ctx) {
        InferenceQueue.Load load = inference.load();
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", load.saturated() ? "saturated" : "ok");
        health.put("inference_threads", load.threads());
        health.put("running", load.running());
        health.put("queued", load.queued());
        health.put("queue_capacity", load.capacity());
        ctx.status(load.saturated() ? 503 : 200).json(health);
    }

    private void predict(Context ctx) {
        InferenceQueue.Answer a = inference.classifyPicture(RequestBody.picture(ctx));
        byte[] input = a.input();
        int[] pixels = new int[input.length];
        for (int i = 0; i < input.length; i++) {
            pixels[i] = input[i] & 0xff;
        }
        ctx.json(new Answer(a.prediction().digit(), a.prediction().probabilities(), model.summary(), pixels));
    }

    private void predictBatch(Context ctx) {
        String type = RequestBody.mediaType(ctx);
        if (!"application/json".equals(type)) {
            throw new UnsupportedMediaTypeResponse("send the batch as application/json, not "
                    + (type.isEmpty() ? "no Content-Type" : type));
        }
        List<byte[]> images = BatchParser.parse(RequestBody.bytes(ctx), MAX_BATCH);
        ctx.json(inference.classify(images).stream()
                .map(p -> new Scores(p.digit(), p.probabilities())).toList());
    }

    private static int status(ImageException e) {
        return switch (e.reason()) {
            case NO_INK -> 422;
            case TOO_LARGE -> 413;
            case UNREADABLE -> 400;
        };
    }

    /**
     * One line for the client: ours for 404 and 405 (the path is not echoed: it is the sender's
     * text), else the first line of the exception's.
     */
    private static String message(HttpResponseException e, Context ctx) {
        String message = e.getMessage();
        return switch (e.getStatus()) {
            case 404 -> "not found: no such page or API endpoint";
            case 405 -> "method " + ctx.method() + " not allowed here";
            default -> message == null || message.isBlank() ? "request refused"
                    : message.lines().findFirst().orElse("request refused");
        };
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
