package dev.digits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.io.Json;
import dev.digits.internal.read.DigitGate;
import dev.digits.internal.read.NumberReader;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /api/read} on a real server with the fixture model and its gate. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServeReadTest {

    static DigitClassifier classifier;
    static DigitServer server;
    static DigitGate gate;
    static HttpClient http;
    static Mnist test;

    @BeforeAll
    static void start() {
        RunFolder run = new RunFolder(ServeApiTest.FIXTURE);
        classifier = DigitClassifier.load(run, Weights.MODEL, 1);
        gate = DigitGate.of(run);
        server = DigitServer.start(classifier, gate, "127.0.0.1", 0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(10);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop();
        if (classifier != null) classifier.close();
    }

    static byte[] png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    HttpResponse<String> post(String type, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/read"))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Three MNIST test digits (7, 2, 1) side by side, dark on white, 3x. */
    static BufferedImage number() {
        BufferedImage img = new BufferedImage(300, 110, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 110; y++) for (int x = 0; x < 300; x++) img.getRaster().setSample(x, y, 0, 255);
        for (int k = 0; k < 3; k++) {
            byte[] d = test.image(k);
            for (int y = 0; y < 84; y++) {
                for (int x = 0; x < 84; x++) {
                    int v = d[(y / 3) * 28 + x / 3] & 0xff;
                    img.getRaster().setSample(10 + 95 * k + x, 12 + y, 0, 255 - v);
                }
            }
        }
        return img;
    }

    @Test
    void answersWhatReadJsonPrints() throws Exception {
        BufferedImage img = number();
        HttpResponse<String> r = post("image/png", png(img));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
        assertThat(body.get("number").getAsString()).isEqualTo("721");
        assertThat(body.getAsJsonArray("digits")).hasSize(3);
        JsonObject first = body.getAsJsonArray("digits").get(0).getAsJsonObject();
        assertThat(first.keySet()).contains("box", "digit", "probability", "notADigit", "distance");
        // the same JSON as the command line's "reading" (read --json), made by the same reader
        String direct = Json.WIRE.toJson(NumberReader.of(classifier, gate).read(ImageIO.read(
                new java.io.ByteArrayInputStream(png(img)))));
        assertThat(JsonParser.parseString(r.body())).isEqualTo(JsonParser.parseString(direct));
    }

    @Test
    void aBlankPictureReadsNoDigitsAndBadBodiesAreRefused() throws Exception {
        BufferedImage blank = new BufferedImage(60, 40, BufferedImage.TYPE_BYTE_GRAY);
        HttpResponse<String> r = post("image/png", png(blank));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JsonParser.parseString(r.body()).getAsJsonObject().get("number").getAsString()).isEmpty();
        assertThat(post("text/plain", new byte[] {1, 2, 3}).statusCode()).isEqualTo(415);
        HttpResponse<String> garbage = post("image/png", new byte[] {1, 2, 3});
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("\"error\"");
    }
}
