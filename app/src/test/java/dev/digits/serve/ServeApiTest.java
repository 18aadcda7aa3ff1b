package dev.digits.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.infer.Preprocessor;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP API against a real server on a free port, with the fixture model. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeApiTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixture-model");

    static DigitClassifier classifier;
    static DigitServer server;
    static Mnist test;
    static HttpClient http;
    static String base;

    @BeforeAll
    static void start() {
        classifier = DigitClassifier.load(new RunFolder(FIXTURE), Weights.MODEL, 2);
        server = DigitServer.start(classifier, "127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
        test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(100);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop();
        if (classifier != null) classifier.close();
    }

    // --- endpoints ---------------------------------------------------------------------------

    @Test
    void healthIsOk() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(json(r).getAsJsonObject().get("status").getAsString()).isEqualTo("ok");
    }

    @Test
    void modelDescribesTheRun() throws Exception {
        HttpResponse<String> r = get("/api/model");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject m = json(r).getAsJsonObject();
        assertThat(m.get("architecture").getAsString()).isEqualTo(classifier.info().architecture().name());
        assertThat(m.get("parameters").getAsLong()).isEqualTo(classifier.info().parameters());
        assertThat(m.get("test_accuracy").getAsDouble())
                .isEqualTo(classifier.info().metrics().testAccuracy());
        assertThat(m.get("created").getAsString()).isEqualTo(classifier.info().created());
        assertThat(m.getAsJsonObject("config").get("width").getAsInt())
                .isEqualTo(((Number) classifier.info().config().get("width")).intValue());
        assertThat(m.getAsJsonObject("metrics").has("epochs_completed")).isTrue();
    }

    @Test
    void pageAndItsFilesAreServedFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<canvas id=\"pad\"", "app.js", "style.css")
                .doesNotContain("http://", "https://");

        HttpResponse<String> js = get("/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(js.body()).contains("api/predict", "pointerdown").doesNotContain("http://", "https://");

        HttpResponse<String> css = get("/style.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(get("/index.html").statusCode()).isEqualTo(200);
    }

    @Test
    void predictsAPngAndReturnsWhatTheModelSaw() throws Exception {
        int i = 0;
        byte[] png = png(whiteOnBlack(test.image(i), 8));
        HttpResponse<String> r = post("/api/predict", "image/png", png);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject o = json(r).getAsJsonObject();

        assertThat(o.get("digit").getAsInt()).isEqualTo(test.label(i));
        float[] p = floats(o.getAsJsonArray("probabilities"));
        assertThat(p).hasSize(10);
        double sum = 0;
        for (float v : p) {
            assertThat(v).isBetween(0f, 1f);
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-3));

        int[] input = ints(o.getAsJsonArray("input"));
        assertThat(input).hasSize(784);
        assertThat(IntStream.of(input).allMatch(v -> v >= 0 && v <= 255)).isTrue();
        byte[] expected = Preprocessor.toMnist(ImageIO.read(new ByteArrayInputStream(png)));
        assertThat(input).as("the server uses Preprocessor.toMnist").isEqualTo(unsigned(expected));
        Prediction direct = classifier.classify(expected);
        assertThat(p).containsExactly(direct.probabilities(), within(1e-5f));

        JsonObject model = o.getAsJsonObject("model");
        assertThat(model.get("architecture").getAsString()).isEqualTo("fast");
        assertThat(model.get("parameters").getAsLong()).isEqualTo(classifier.info().parameters());
        assertThat(model.has("test_accuracy")).isTrue();
    }

    @Test
    void blackInkOnWhiteJpegAndMultipartGiveTheSameDigit() throws Exception {
        int i = 3;
        int label = test.label(i);
        BufferedImage dark = blackOnWhite(test.image(i), 6);

        HttpResponse<String> jpeg = post("/api/predict", "image/jpeg", encode(dark, "jpeg"));
        assertThat(jpeg.statusCode()).as(jpeg.body()).isEqualTo(200);
        assertThat(json(jpeg).getAsJsonObject().get("digit").getAsInt()).isEqualTo(label);

        String boundary = "----digits" + System.nanoTime();
        byte[] body = multipart(boundary, "image", "digit.png", "image/png", png(dark));
        HttpResponse<String> form = post("/api/predict", "multipart/form-data; boundary=" + boundary, body);
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        assertThat(json(form).getAsJsonObject().get("digit").getAsInt()).isEqualTo(label);
        assertThat(json(form).getAsJsonObject().getAsJsonArray("input")).hasSize(784);
    }

    @Test
    void hundredTestImagesAreAtLeast95PercentRightAsPngsAndAsABatch() throws Exception {
        int rightPng = 0;
        for (int i = 0; i < test.size(); i++) {
            HttpResponse<String> r = post("/api/predict", "image/png", png(whiteOnBlack(test.image(i), 4)));
            assertThat(r.statusCode()).isEqualTo(200);
            if (json(r).getAsJsonObject().get("digit").getAsInt() == test.label(i)) rightPng++;
        }
        assertThat(rightPng).as("PNG answers right out of 100").isGreaterThanOrEqualTo(95);

        List<byte[]> images = IntStream.range(0, test.size()).mapToObj(test::image).toList();
        HttpResponse<String> r = post("/api/predict/batch", "application/json", batchJson(images));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray answers = json(r).getAsJsonArray();
        assertThat(answers).hasSize(100);
        List<Prediction> direct = classifier.classify(images);
        int rightBatch = 0;
        for (int i = 0; i < 100; i++) {
            JsonObject a = answers.get(i).getAsJsonObject();
            assertThat(a.keySet()).containsExactly("digit", "probabilities");
            assertThat(a.get("digit").getAsInt()).as("image %d in order", i).isEqualTo(direct.get(i).digit());
            assertThat(floats(a.getAsJsonArray("probabilities")))
                    .containsExactly(direct.get(i).probabilities(), within(1e-5f));
            if (a.get("digit").getAsInt() == test.label(i)) rightBatch++;
        }
        assertThat(rightBatch).as("batch answers right out of 100").isGreaterThanOrEqualTo(95);
    }

    @Test
    void batchOfExactly1024AndAnEmptyBatchAreAccepted() throws Exception {
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < DigitServer.MAX_BATCH; i++) images.add(test.image(i % test.size()));
        HttpResponse<String> r = post("/api/predict/batch", "application/json", batchJson(images));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray a = json(r).getAsJsonArray();
        assertThat(a).hasSize(1024);
        assertThat(a.get(1023).getAsJsonObject().get("digit").getAsInt())
                .isEqualTo(a.get(1023 % test.size()).getAsJsonObject().get("digit").getAsInt());

        HttpResponse<String> empty = post("/api/predict/batch", "application/json; charset=utf-8", "[]".getBytes());
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(json(empty).getAsJsonArray()).isEmpty();

        // whole numbers written with a fraction are fine
        String spelled = "[[" + String.join(",", Collections.nCopies(784, "0.0")).replaceFirst("0\\.0", "255.00") + "]]";
        assertThat(post("/api/predict/batch", "application/json", spelled.getBytes()).statusCode()).isEqualTo(200);
    }

    // --- refusals ------------------------------------------------------------------------------

    @Test
    void notAnImageIs400() throws Exception {
        assertError(post("/api/predict", "image/png", "hello, I am not a PNG".getBytes()), 400, "not a readable image");
        assertError(post("/api/predict", "image/jpeg", new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3}), 400, "not a readable image");
        assertError(post("/api/predict", "image/png", new byte[0]), 400, "empty");
    }

    @Test
    void emptyCanvasIs422() throws Exception {
        BufferedImage black = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        assertError(post("/api/predict", "image/png", png(black)), 422, "no ink");
        BufferedImage white = blackOnWhite(new byte[784], 10);
        assertError(post("/api/predict", "image/png", png(white)), 422, "no ink");
    }

    @Test
    void bodiesOver5MbAre413() throws Exception {
        long tooMuch = DigitServer.MAX_BODY + 1024;
        // a declared length over the limit is refused before any of the body is read (a raw socket:
        // JDK 17's HttpClient never finishes an expect-continue exchange answered with a 4xx)
        for (String head : List.of("POST /api/predict HTTP/1.1\r\nContent-Type: image/png\r\n",
                "POST /api/predict/batch HTTP/1.1\r\nContent-Type: application/json\r\n",
                "POST /api/predict HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=xyz\r\n")) {
            RawHttp.Raw r = raw(head + "Host: localhost\r\nContent-Length: " + tooMuch
                    + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
            assertThat(r.status()).as(head + " -> " + r.body()).isEqualTo(413);
            assertThat(r.body()).contains("\"error\"", "5 MiB");
        }

        byte[] big = new byte[(int) tooMuch];
        // declared length, body sent
        assertError(post("/api/predict", "image/png", big), 413, "5 MiB");
        // chunked, no declared length: refused once 5 MiB have been read
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "/api/predict/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        assertError(send(chunked), 413, "5 MiB");
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void imageOver4096x4096PixelsIs413() throws Exception {
        // a valid PNG header claiming 10,000 x 10,000 pixels: refused before decoding
        byte[] png = png(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY));
        java.nio.ByteBuffer.wrap(png, 16, 8).putInt(10_000).putInt(10_000);
        assertError(post("/api/predict", "image/png", png), 413, "4096 x 4096 pixel limit");
    }

    @Test
    void batchOver1024ImagesIs413() throws Exception {
        StringBuilder s = new StringBuilder("[");
        String zeros = "[" + String.join(",", Collections.nCopies(784, "0")) + "]";
        for (int i = 0; i < DigitServer.MAX_BATCH + 1; i++) s.append(i == 0 ? "" : ",").append(zeros);
        s.append(']');
        assertError(post("/api/predict/batch", "application/json", s.toString().getBytes()), 413, "1024");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[[256,PAD]]", "[[-1,PAD]]", "[[1.5,PAD]]", "[[\"7\",PAD]]", "[[null,PAD]]", "[[true,PAD]]",
        "[[PAD]]", "[[0,0,PAD]]", "[[1,2", "[1,2]", "{\"images\":[]}", "[[0,PAD]] [[0,PAD]]", "", "[[0,PAD],]",
        "[[1e999,PAD]]", "[[0x10,PAD]]", "[[0,PAD]",
    })
    void badBatchesAre400(String template) throws Exception {
        String pad = String.join(",", Collections.nCopies(783, "0"));
        String body = template.replace("[[PAD]]", "[[" + pad.substring(2) + "]]").replace("PAD", pad);
        HttpResponse<String> r = post("/api/predict/batch", "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertError(r, 400, "");
    }

    @Test
    void badBatchMessagesSayWhatIsWrong() throws Exception {
        String pad = String.join(",", Collections.nCopies(783, "0"));
        assertError(post("/api/predict/batch", "application/json", ("[[" + pad + ",300]]").getBytes()), 400,
                "image 0, pixel 783: 300 is outside 0..255");
        assertError(post("/api/predict/batch", "application/json", ("[[" + pad + "]]").getBytes()), 400,
                "image 0 has 783 numbers, expected 784");
        assertError(post("/api/predict/batch", "application/json", "[[1,2".getBytes()), 400, "malformed JSON");
    }

    @Test
    void wrongContentTypesAre415() throws Exception {
        byte[] png = png(whiteOnBlack(test.image(0), 4));
        assertError(post("/api/predict", "text/plain", png), 415, "image/png, image/jpeg, image/gif or image/bmp");
        assertError(post("/api/predict", "application/json", png), 415, "image/png");
        assertError(send(HttpRequest.newBuilder(URI.create(base + "/api/predict"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build()), 415, "no Content-Type");
        assertError(post("/api/predict/batch", "text/plain", "[]".getBytes()), 415, "application/json");
        assertError(post("/api/predict/batch", "image/png", png), 415, "application/json");
    }

    @Test
    void multipartWithoutAnImageFieldIs400() throws Exception {
        String boundary = "----x" + System.nanoTime();
        byte[] body = multipart(boundary, "picture", "a.png", "image/png", png(whiteOnBlack(test.image(0), 4)));
        assertError(post("/api/predict", "multipart/form-data; boundary=" + boundary, body), 400, "'image'");
        assertError(post("/api/predict", "multipart/form-data; boundary=" + boundary, "garbage".getBytes()), 400, "");
        byte[] notImage = multipart(boundary, "image", "a.txt", "text/plain", "hello".getBytes());
        assertError(post("/api/predict", "multipart/form-data; boundary=" + boundary, notImage), 400, "not a readable image");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405AsJson() throws Exception {
        assertError(get("/nope"), 404, "not found");
        assertError(get("/api/nope"), 404, "not found");
        assertError(post("/api/nope", "application/json", "[]".getBytes()), 404, "not found");
        assertError(get("/api/predict"), 405, "GET");
        assertError(get("/api/predict/batch"), 405, "GET");
        assertError(send(HttpRequest.newBuilder(URI.create(base + "/health")).DELETE().build()), 405, "DELETE");
        assertError(post("/api/model", "application/json", "{}".getBytes()), 405, "POST");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../pom.xml", "/%2e%2e/pom.xml", "/web/../../pom.xml", "/..%2fpom.xml", "/%2e%2e%2fpom.xml",
        "/%2E%2E/%2E%2E/pom.xml", "/..\\pom.xml", "/web/..%2f..%2fpom.xml", "/./../pom.xml",
        "/%252e%252e/pom.xml", "/web/index.html/../../../pom.xml", "/dev/digits/serve/DigitServer.class",
        "/../dev/digits/serve/DigitServer.class", "/%2e%2e/classes/dev/digits/serve/DigitServer.class",
        "/fixture-model/model.json", "/../fixture-model/model.json", "/../../src/main/resources/web/index.html/../../../../pom.xml",
    })
    void pathTraversalDoesNotLeakFiles(String path) throws Exception {
        // a raw socket, so no client normalises the path on the way
        RawHttp.Raw r = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).as("%s -> %s", path, r.head().lines().findFirst().orElse("")).isBetween(400, 499);
        assertThat(r.body()).doesNotContain("<project", "<artifactId>", "\"architecture\"", "CAFEBABE")
                .doesNotContain(new String(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe},
                        StandardCharsets.ISO_8859_1));
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    // --- concurrency and lifecycle -------------------------------------------------------------

    @Test
    void concurrentRequestsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        int threads = 8;
        int perThread = 25;
        // request k: a PNG of test image k % 100 when k is even; a batch of 4 images when odd
        List<byte[]> bodies = new ArrayList<>();
        for (int k = 0; k < threads * perThread; k++) {
            int i = k % test.size();
            if (k % 2 == 0) {
                bodies.add(png(whiteOnBlack(test.image(i), 4)));
            } else {
                bodies.add(batchJson(List.of(test.image(i), test.image((i + 1) % 100),
                        test.image((i + 2) % 100), test.image((i + 3) % 100))));
            }
        }
        List<String> sequential = new ArrayList<>();
        for (int k = 0; k < bodies.size(); k++) sequential.add(answer(k, bodies.get(k)));

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                futures.add(pool.submit(() -> {
                    List<String> out = new ArrayList<>();
                    for (int k = first; k < first + perThread; k++) out.add(answer(k, bodies.get(k)));
                    return out;
                }));
            }
            List<String> concurrent = new ArrayList<>();
            for (Future<List<String>> f : futures) concurrent.addAll(f.get(4, TimeUnit.MINUTES));
            assertThat(concurrent).containsExactlyElementsOf(sequential);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Digits and probabilities rounded to 4 places: the same for the same input, whatever the load. */
    private String answer(int k, byte[] body) {
        try {
            boolean png = k % 2 == 0;
            HttpResponse<String> r = post(png ? "/api/predict" : "/api/predict/batch",
                    png ? "image/png" : "application/json", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonElement e = json(r);
            List<JsonObject> items = png ? List.of(e.getAsJsonObject())
                    : e.getAsJsonArray().asList().stream().map(JsonElement::getAsJsonObject).toList();
            return items.stream().map(o -> o.get("digit").getAsInt() + ":" + IntStream.range(0, 10)
                    .mapToObj(d -> String.format("%.4f", o.getAsJsonArray("probabilities").get(d).getAsFloat()))
                    .collect(Collectors.joining(","))).collect(Collectors.joining(" "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void stopLetsRequestsInFlightFinishAndUnexpectedErrorsAre500() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DigitServer own = DigitServer.start(classifier, "127.0.0.1", 0, ServeLimits.DEFAULT, app -> {
            app.get("/test/slow", ctx -> {
                entered.countDown();
                release.await(30, TimeUnit.SECONDS);
                ctx.result("finished");
            });
            app.get("/test/boom", ctx -> {
                throw new IllegalStateException("secret internal detail");
            });
        });
        String ownBase = "http://127.0.0.1:" + own.port();
        try {
            HttpResponse<String> boom = http.send(HttpRequest.newBuilder(URI.create(ownBase + "/test/boom")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(boom, 500, "internal server error");
            assertThat(boom.body()).doesNotContain("secret");

            CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(ownBase + "/test/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(own::stop);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!own.stopping() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(own.stopping()).as("stop has begun").isTrue();
            Thread.sleep(200);
            assertThat(stopping).as("stop waits for the request in flight").isNotDone();
            release.countDown();
            HttpResponse<String> r = slow.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("finished");
            stopping.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            own.stop();
        }
        assertThat(classifier.classify(test.image(0)).digit()).as("the classifier still works").isEqualTo(test.label(0));
    }

    // --- helpers -----------------------------------------------------------------------------

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    static HttpResponse<String> post(String path, String type, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(request, (k, v) -> true).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void assertError(HttpResponse<String> r, int status, String fragment) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body()).startsWith("application/json");
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        assertThat(o.keySet()).containsExactly("error");
        String message = o.get("error").getAsString();
        assertThat(message).isNotBlank().doesNotContain("\n").contains(fragment);
    }

    static JsonElement json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body());
    }

    static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) f[i] = a.get(i).getAsFloat();
        return f;
    }

    static int[] ints(JsonArray a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
        return v;
    }

    static int[] unsigned(byte[] b) {
        int[] v = new int[b.length];
        for (int i = 0; i < b.length; i++) v[i] = b[i] & 0xff;
        return v;
    }

    static byte[] batchJson(List<byte[]> images) {
        return images.stream()
                .map(img -> IntStream.range(0, img.length).mapToObj(i -> Integer.toString(img[i] & 0xff))
                        .collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(",", "[", "]")).getBytes(StandardCharsets.UTF_8);
    }

    /** An MNIST image enlarged, white ink on black, like the page's canvas. */
    static BufferedImage whiteOnBlack(byte[] pixels, int scale) {
        return Preprocessor.toImage(pixels, scale);
    }

    /** An MNIST image enlarged, black ink on white, like a scan. */
    static BufferedImage blackOnWhite(byte[] pixels, int scale) {
        byte[] inverted = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) inverted[i] = (byte) (255 - (pixels[i] & 0xff));
        return Preprocessor.toImage(inverted, scale);
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, format, out)).isTrue();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] multipart(String boundary, String field, String filename, String type, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static RawHttp.Raw raw(String request) throws IOException {
        return RawHttp.exchange(server.port(), request, null, 10_000);
    }
}
