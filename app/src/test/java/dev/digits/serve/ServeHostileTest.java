package dev.digits.serve;

import dev.digits.serve.RawHttp.Raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digits.bench.Measurement;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.HostileImages;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server under hostile and faulty input, each test against its own real server on a free
 * port: crafted pictures, a full queue, a passed deadline, a slow client, other sites, shutdown
 * under load. The memory bound of 32 decompression requests is checked here (the process's peak
 * resident memory, {@link Measurement#peakRssMib});
 * time figures are measured by scripts/hostile-test.py, not here.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServeHostileTest {

    static DigitClassifier classifier;
    static byte[] digit;

    @BeforeAll
    static void load() {
        classifier = DigitClassifier.load(new RunFolder(ServeApiTest.FIXTURE), Weights.MODEL, 2);
        digit = ServeApiTest.png(ServeApiTest.whiteOnBlack(Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).image(0), 4));
    }

    @AfterAll
    static void close() {
        if (classifier != null) classifier.close();
    }

    @Test
    void thirtyTwoCraftedPicturesAtOnceAreEachRefusedNamingTheLimit() throws Exception {
        DigitServer server = DigitServer.start(classifier, "127.0.0.1", 0);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            // every format, each also sent under another format's Content-Type: the bytes decide
            List<byte[]> crafted = List.of(HostileImages.pngHeaderOnly(7071, 7071), HostileImages.gifHeader(65535, 65535),
                    HostileImages.bmpHeader(30000, 30000), HostileImages.jpegClaiming(30000, 30000));
            List<String> types = List.of("image/jpeg", "image/png", "image/png", "image/gif");
            List<Future<Raw>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                byte[] body = crafted.get(i % 4);
                String type = types.get(i % 4);
                answers.add(pool.submit(() -> post(server.port(), "/api/predict", type, body, "")));
            }
            for (Future<Raw> f : answers) {
                Raw r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.body()).isEqualTo(413);
                assertThat(r.body()).contains("over the 4096 x 4096 pixel limit");
            }
            // a real bomb (16 MiB of pixels in a few KiB) decodes within the budget: blank, 422
            Raw bomb = post(server.port(), "/api/predict", "image/png", HostileImages.pngBomb(4096), "");
            assertThat(bomb.status()).as(bomb.body()).isEqualTo(422);
            assertThat(post(server.port(), "/api/predict", "image/png", digit, "").status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
            server.stop();
        }
    }

    @Test
    void thirtyTwoRealBombsAtOnceAreEachAnswered422Or429WithinAMemoryBound() throws Exception {
        DigitServer server = DigitServer.start(classifier, "127.0.0.1", 0);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            byte[] bomb = HostileImages.pngBomb(4096); // legitimate at the limit: 16 MiB of pixels in a few KiB
            List<Future<Raw>> answers = new ArrayList<>();
            assertThat(Measurement.resetPeakRss()).as("the peak resident memory can be measured from here").isTrue();
            double idle = Measurement.rssMib();
            for (int i = 0; i < 32; i++) {
                String path = i % 3 == 2 ? "/api/read" : "/api/predict";
                answers.add(pool.submit(() -> post(server.port(), path, "image/png", bomb, "")));
            }
            int decoded = 0;
            for (Future<Raw> f : answers) {
                Raw r = f.get(60, TimeUnit.SECONDS);
                if (r.status() == 429) {
                    assertThat(r.head()).contains("Retry-After: 1");
                    assertThat(r.body()).contains("too many large pictures at once");
                } else {
                    // blank: 422 from predict, an empty number from read
                    assertThat(r.status()).as(r.body()).isIn(422, 200);
                    decoded++;
                }
            }
            assertThat(decoded).as("the first ones get their turn").isGreaterThanOrEqualTo(1);
            // the bound: 32 decompression requests at once hold under 1 GB more than before them
            assertThat(Measurement.peakRssMib() - idle).as("peak resident memory above the start, MiB").isLessThan(1024);
            assertThat(post(server.port(), "/api/predict", "image/png", digit, "").status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
            server.stop();
        }
    }

    @Test
    void aFullQueueIs503AtOnceWithRetryAfterAndHealthSaysSaturated() throws Exception {
        DigitServer server = DigitServer.start(classifier, "127.0.0.1", 0, new ServeLimits(1, 10_000, List.of()));
        CountDownLatch release = new CountDownLatch(1);
        try {
            List<CompletableFuture<Object>> holders = hold(server, release, 2 + 1); // both threads, and the one place in the queue
            Raw r = post(server.port(), "/api/predict", "image/png", digit, "");
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.head()).contains("Retry-After: 1");
            assertThat(r.body()).contains("busy");
            Raw health = request(server.port(), "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null);
            assertThat(health.status()).isEqualTo(503);
            JsonObject h = JsonParser.parseString(health.body()).getAsJsonObject();
            assertThat(h.get("status").getAsString()).isEqualTo("saturated");
            assertThat(h.get("queued").getAsInt()).isEqualTo(1);
            release.countDown();
            for (CompletableFuture<Object> f : holders) f.get(30, TimeUnit.SECONDS);
            assertThat(post(server.port(), "/api/predict", "image/png", digit, "").status()).isEqualTo(200);
        } finally {
            release.countDown();
            server.stop();
        }
    }

    @Test
    void aRequestNotAnsweredByItsDeadlineIs503AndItsWorkIsSkipped() throws Exception {
        DigitServer server = DigitServer.start(classifier, "127.0.0.1", 0, new ServeLimits(8, 300, List.of()));
        CountDownLatch release = new CountDownLatch(1);
        try {
            List<CompletableFuture<Object>> holders = hold(server, release, 2);
            Raw r = post(server.port(), "/api/predict", "image/png", digit, "");
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).contains("no answer within 300 ms");
            assertThat(r.head()).contains("Retry-After");
            release.countDown();
            for (CompletableFuture<Object> f : holders) {
                assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasMessageContaining("no answer within 300 ms");
            }
        } finally {
            release.countDown();
            server.stop();
        }
    }

    @Test
    void aClientTricklingItsBodyIsCutOff() throws Exception {
        DigitServer server = DigitServer.start(classifier, "127.0.0.1", 0);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
                    + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            int sent = 0;
            boolean cutOff = false;
            // one byte every 100 ms: 10 B/s, far under the minimum rate; 100,000 bytes would take hours
            for (; sent < 600 && !cutOff; sent++) {
                try {
                    out.write('x');
                    out.flush();
                } catch (SocketException e) {
                    cutOff = true;
                }
                Thread.sleep(100);
                cutOff |= s.getInputStream().available() > 0;
            }
            assertThat(cutOff).as("the server answered or closed the connection before 60 s of trickling").isTrue();
            String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(answer).isEqualTo("HTTP/1.1 408");
            assertThat(sent).isLessThan(600);
        } finally {
            server.stop();
        }
    }

    @Test
    void requestsFromOtherSitesAreRefusedAndTheModelShowsNoLocalPaths() throws Exception {
        DigitServer server = DigitServer.start(classifier, "127.0.0.1", 0);
        try {
            String self = "127.0.0.1:" + server.port();
            // DNS rebinding: another name for this address
            Raw rebound = request(server.port(), "GET /api/model HTTP/1.1\r\nHost: attacker.example:" + server.port()
                    + "\r\nConnection: close\r\n\r\n", null);
            assertThat(rebound.status()).isEqualTo(403);
            assertThat(rebound.body()).contains("Host").doesNotContain("attacker");
            // a page on another site posting a picture through the operator's browser
            assertThat(post(server.port(), "/api/predict", "image/png", digit, "Origin: http://attacker.example\r\n").status())
                    .isEqualTo(403);
            assertThat(post(server.port(), "/api/predict", "image/png", digit, "Sec-Fetch-Site: cross-site\r\n").status())
                    .isEqualTo(403);
            assertThat(post(server.port(), "/api/predict", "image/png", digit, "Origin: null\r\n").status()).isEqualTo(403);
            // this server's own page, and clients that are not browsers, are served
            assertThat(post(server.port(), "/api/predict", "image/png", digit,
                    "Origin: http://localhost:" + server.port() + "\r\nSec-Fetch-Site: same-origin\r\n").status())
                    .isEqualTo(200);
            Raw model = request(server.port(), "GET /api/model HTTP/1.1\r\nHost: " + self + "\r\nConnection: close\r\n\r\n", null);
            assertThat(model.status()).isEqualTo(200);
            assertThat(JsonParser.parseString(model.body()).getAsJsonObject().getAsJsonObject("config").has("data")).isFalse();
            assertThat(model.body()).doesNotContain("data/mnist", "/work", "/home", "\\\\");
            Raw notFound = request(server.port(), "GET /%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n", null);
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.body()).doesNotContain("script");
        } finally {
            server.stop();
        }
    }

    @Test
    void multipartWithoutADeclaredLengthIsReadWithinTheSameLimits() throws Exception {
        DigitServer server = DigitServer.start(classifier, "127.0.0.1", 0);
        try {
            byte[] form = ServeApiTest.multipart("b", "image", "d.png", "image/png", digit);
            ByteArrayOutputStream chunked = new ByteArrayOutputStream();
            chunked.writeBytes((Integer.toHexString(form.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunked.writeBytes(form);
            chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            Raw r = request(server.port(), "POST /api/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; "
                    + "boundary=b\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", chunked.toByteArray());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"digit\":7");
        } finally {
            server.stop();
        }
    }

    @Test
    void aBodyThatStopsArrivingIs408() throws Exception {
        DigitServer server = DigitServer.start(classifier, "127.0.0.1", 0);
        try {
            // 1,000 bytes declared, 100 sent, then nothing: Jetty's idle timeout ends the wait
            Raw r = RawHttp.exchange(server.port(), "POST /api/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
                    + "Content-Length: 1000\r\nConnection: close\r\n\r\n", new byte[100], 60_000);
            assertThat(r.status()).as(r.body()).isEqualTo(408);
            assertThat(r.body()).contains("the request body stopped arriving");
        } finally {
            server.stop();
        }
    }

    @Test
    void aMessageJettyCannotParseIsAJsonError() throws Exception {
        DigitServer server = DigitServer.start(classifier, "127.0.0.1", 0);
        try {
            Raw bad = request(server.port(), "POST /api/predict HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n"
                    + "Connection: close\r\n\r\n", new byte[0]);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).startsWith("{\"error\":\"bad request").endsWith("\"}").doesNotContain("<");
            String longHeader = "X-Long: " + "a".repeat(64 * 1024) + "\r\n";
            Raw large = request(server.port(), "GET /health HTTP/1.1\r\nHost: localhost\r\n" + longHeader
                    + "Connection: close\r\n\r\n", new byte[0]);
            assertThat(large.status()).isEqualTo(431);
            assertThat(large.body()).startsWith("{\"error\":\"request header fields too large").doesNotContain("<");
        } finally {
            server.stop();
        }
    }

    @Test
    void stopUnderLoadAnswersEveryRequestThenTheModelRefusesWork() throws Exception {
        DigitClassifier own = DigitClassifier.load(new RunFolder(ServeApiTest.FIXTURE), Weights.MODEL, 2);
        DigitServer server = DigitServer.start(own, "127.0.0.1", 0);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        int port = server.port();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> {
                    try {
                        Raw r = post(port, "/api/predict", "image/png", digit, "");
                        // from the inference queue, or from Jetty itself once its context stops
                        if (r.status() == 503) assertThat(r.body()).isEqualTo("{\"error\":\"the server is shutting down\"}");
                        return r.status();
                    } catch (IOException e) {
                        // refused, or reset: a connection still in the listening socket's backlog when it closed
                        return -1;
                    }
                }));
            }
            assertThat(answers.get(0).get(60, TimeUnit.SECONDS)).as("served before the stop").isEqualTo(200);
            assertThat(answers.stream().filter(Future::isDone).count()).as("requests still under way at the stop").isLessThan(64);
            assertThat(server.stop()).as("the inference threads ended").isTrue();
            own.close();
            for (Future<Integer> f : answers) assertThat(f.get(60, TimeUnit.SECONDS)).isIn(200, 503, -1);
            assertThatThrownBy(() -> own.classify(new byte[784])).hasMessage("the model is closed");
        } finally {
            pool.shutdownNow();
            own.close();
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    /** Occupies {@code n} places of the server's inference queue (threads first) until {@code release}. */
    private static List<CompletableFuture<Object>> hold(DigitServer server, CountDownLatch release, int n)
            throws InterruptedException {
        List<CompletableFuture<Object>> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // a thread of its own each (the common pool may have one thread on two cores)
            CompletableFuture<Object> f = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    f.complete(server.inference().submitAndWait(() -> release.await(30, TimeUnit.SECONDS)));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
            t.setDaemon(true);
            t.start();
            held.add(f);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int expected = i + 1;
            while (load(server) < expected && System.nanoTime() < until) Thread.sleep(5);
        }
        return held;
    }

    private static int load(DigitServer server) {
        InferenceQueue.Load l = server.inference().load();
        return l.running() + l.queued();
    }

    private static Raw post(int port, String path, String type, byte[] body, String extraHeaders)
            throws IOException {
        return request(port, "POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: " + type
                + "\r\nContent-Length: " + body.length + "\r\n" + extraHeaders + "Connection: close\r\n\r\n", body);
    }

    private static Raw request(int port, String head, byte[] body) throws IOException {
        return RawHttp.exchange(port, head, body, 60_000);
    }
}
