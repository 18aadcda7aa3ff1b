package dev.digits.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The drawing page in real headless Chromium: digits are drawn on the canvas with pointer events
 * that follow the ink of MNIST test images, and the page must show the right digit. Saves a
 * screenshot of the page (see {@link #SCREENSHOT}).
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} packages; skipped without them.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ServeBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * Where the screenshot goes: {@code target/screenshots/serve.png}, so that a test run leaves the
     * working tree clean; with {@code -Dscreenshots=DIR}, {@code DIR/serve.png} instead. To refresh
     * the README's picture: {@code ./mvnw test -Dtest=ServeBrowserTest -Dscreenshots=docs/images}.
     */
    static final Path SCREENSHOT =
            Path.of(System.getProperty("screenshots", "target/screenshots"), "serve.png");

    /** CSS size of the drawing canvas (index.html, style.css). */
    static final int PAD = 320;

    static DigitClassifier classifier;
    static DigitServer server;
    static ChromeDriver driver;
    static Mnist test;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser test skipped: needs " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install -y chromium chromium-driver)");
        classifier = DigitClassifier.load(new dev.digits.internal.run.RunFolder(ServeApiTest.FIXTURE), dev.digits.internal.run.Weights.MODEL, 2);
        server = DigitServer.start(classifier, "127.0.0.1", 0);
        test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(20);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,700", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        // a viewport of exactly 1100 x 610 CSS pixels for the screenshot
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1100, "height", 610, "deviceScaleFactor", 1, "mobile", false));
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.stop();
        if (classifier != null) classifier.close();
    }

    @Test
    void drawnDigitsAreRecognisedAndThePageShowsWhatTheModelSaw() throws Exception {
        driver.get("http://127.0.0.1:" + server.port() + "/");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.findElement(By.id("model"))
                .getText().startsWith("Loading"));
        assertThat(driver.findElement(By.id("model")).getText()).contains("76,674 parameters", "99.19%");
        assertThat(driver.findElement(By.id("digit")).getText()).isEqualTo("?");
        WebElement pad = driver.findElement(By.id("pad"));
        assertThat(pad.getSize().getWidth()).isEqualTo(PAD);

        // test images 0..4 are 7, 2, 1, 0, 4; 18 is a 3; drawn one after another, cleared between
        int[] images = {0, 1, 2, 3, 4, 18};
        for (int k = 0; k < images.length; k++) {
            int i = images[k];
            if (k > 0) {
                driver.findElement(By.id("clear")).click();
                assertThat(driver.findElement(By.id("digit")).getText()).isEqualTo("?");
                assertThat(inkOnPad()).as("Clear empties the canvas").isZero();
            }
            trace(pad, test.image(i));
            waitForAnswer();
            assertThat(driver.findElement(By.id("digit")).getText())
                    .as("test image %d, a %d", i, test.label(i)).isEqualTo(String.valueOf(test.label(i)));
            assertThat(driver.findElement(By.id("confidence")).getText()).endsWith("% sure");
            List<WebElement> bars = driver.findElements(By.cssSelector("#chart .bar"));
            assertThat(bars).hasSize(10);
            assertThat(bars.get(test.label(i)).getAttribute("class")).contains("best");
            assertThat(inkOnSeen()).as("the 28x28 preview shows the model's input").isPositive();
        }

        // for the README: a smooth, hand-drawn looking "2" drawn as one continuous stroke
        driver.findElement(By.id("clear")).click();
        stroke(pad, two());
        waitForAnswer();
        assertThat(driver.findElement(By.id("digit")).getText()).isEqualTo("2");
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        Files.write(SCREENSHOT, driver.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(SCREENSHOT)).isPositive();
    }

    /** The points of a handwritten "2" on the {@value #PAD} px canvas: a hook, a diagonal, a base. */
    static List<double[]> two() {
        List<double[]> pts = new ArrayList<>();
        // the hook: an arc from the upper left over the top to the right, curling down
        double cx = 163, cy = 118, r = 58;
        for (double a = Math.toRadians(200); a <= Math.toRadians(385); a += Math.toRadians(7)) {
            double wobble = 1 + 0.04 * Math.sin(3 * a);
            pts.add(new double[] {cx + r * wobble * Math.cos(a), cy + 0.95 * r * wobble * Math.sin(a)});
        }
        double[] from = pts.get(pts.size() - 1);
        // the diagonal down to the lower left, slightly curved
        for (double t = 0.1; t <= 1.0001; t += 0.1) {
            double x = from[0] + (98 - from[0]) * t - 12 * Math.sin(Math.PI * t);
            double y = from[1] + (248 - from[1]) * t;
            pts.add(new double[] {x, y});
        }
        // the base, rising a little to the right
        for (double t = 0.1; t <= 1.0001; t += 0.1) {
            pts.add(new double[] {98 + 140 * t, 248 - 6 * t + 3 * Math.sin(Math.PI * t)});
        }
        return pts;
    }

    /** Draws one continuous stroke through {@code points} (canvas pixels) with the mouse. */
    static void stroke(WebElement pad, List<double[]> points) {
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence s = new Sequence(mouse, 0);
        for (int k = 0; k < points.size(); k++) {
            int dx = (int) Math.round(points.get(k)[0] - PAD / 2.0);
            int dy = (int) Math.round(points.get(k)[1] - PAD / 2.0);
            s.addAction(mouse.createPointerMove(k == 0 ? Duration.ZERO : Duration.ofMillis(10),
                    PointerInput.Origin.fromElement(pad), dx, dy));
            if (k == 0) s.addAction(mouse.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        }
        s.addAction(mouse.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        driver.perform(List.of(s));
    }

    @Test
    void aThreeDigitNumberDrawnSideBySideIsReadWithABoxPerDigit() {
        driver.get("http://127.0.0.1:" + server.port() + "/");
        WebElement pad = driver.findElement(By.id("pad"));
        // test images 0, 1, 2 are 7, 2, 1: each drawn in a third of the canvas, 100 px tall
        int[] images = {0, 1, 2};
        for (int k = 0; k < images.length; k++) {
            traceAt(pad, test.image(images[k]), 5 + 105 * k, 110, 100.0 / Mnist.SIDE);
        }
        waitForAnswer();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "1".equals(
                d.findElement(By.id("number")).getAttribute("data-ready")));
        assertThat(driver.findElement(By.id("number")).getText()).isEqualTo("721");
        List<WebElement> digits = driver.findElements(By.cssSelector("#digits li"));
        assertThat(digits).hasSize(3);
        assertThat(digits.get(0).getText()).startsWith("7 ").endsWith("%");
        assertThat(sum("boxes")).as("the drawing with its boxes is shown").isPositive();
        driver.findElement(By.id("clear")).click();
        assertThat(driver.findElement(By.id("number")).getText()).isEqualTo("\u2013");
    }

    /** As {@link #trace}, with the image's top left at canvas pixel (x0, y0) and {@code scale} px per MNIST pixel. */
    static void traceAt(WebElement pad, byte[] image, int x0, int y0, double scale) {
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence s = new Sequence(mouse, 0);
        for (int y = 0; y < Mnist.SIDE; y++) {
            int x = 0;
            while (x < Mnist.SIDE) {
                if ((image[y * Mnist.SIDE + x] & 0xff) < 128) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < Mnist.SIDE && (image[y * Mnist.SIDE + x] & 0xff) >= 128) x++;
                int cy = (int) Math.round(y0 + (y + 0.5) * scale - PAD / 2.0);
                s.addAction(mouse.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(pad),
                        (int) Math.round(x0 + (start + 0.5) * scale - PAD / 2.0), cy));
                s.addAction(mouse.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
                s.addAction(mouse.createPointerMove(Duration.ofMillis(5), PointerInput.Origin.fromElement(pad),
                        (int) Math.round(x0 + (x - 0.5) * scale - PAD / 2.0), cy));
                s.addAction(mouse.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
            }
        }
        driver.perform(List.of(s));
    }

    @Test
    void tapsAndTinyScribblesNeverBreakThePage() {
        driver.get("http://127.0.0.1:" + server.port() + "/");
        WebElement pad = driver.findElement(By.id("pad"));
        PointerInput pen = new PointerInput(PointerInput.Kind.PEN, "pen");
        Sequence s = new Sequence(pen, 0);
        s.addAction(pen.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(pad), 0, 0));
        s.addAction(pen.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        s.addAction(pen.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        driver.perform(List.of(s));
        waitForAnswer();
        // a single dot is a valid (if odd) drawing: the page shows some digit, not an error
        assertThat(driver.findElement(By.id("result")).getAttribute("data-state")).isEqualTo("ready");
        assertThat(driver.findElement(By.id("digit")).getText()).matches("[0-9]");
        driver.findElement(By.id("clear")).click();
        assertThat(driver.findElement(By.id("result")).getAttribute("data-state")).isEqualTo("empty");
    }

    @Test
    void aBusyServerIsAskedAgainWhenItSaysAndNoOldAnswerStaysBesideTheError() {
        driver.get("http://127.0.0.1:" + server.port() + "/");
        WebElement pad = driver.findElement(By.id("pad"));
        trace(pad, test.image(1)); // a 2, answered
        waitForAnswer();
        assertThat(driver.findElement(By.id("digit")).getText()).isEqualTo("2");
        // from now on the server is busy for api/predict (503, Retry-After: 1) until the page is told otherwise
        ((JavascriptExecutor) driver).executeScript("window.busy = true; const real = window.fetch;"
                + "window.fetch = (url, o) => (window.busy && String(url).endsWith('api/predict'))"
                + " ? Promise.resolve(new Response(JSON.stringify({error: 'the server is busy; try again shortly'}),"
                + "   {status: 503, headers: {'Retry-After': '1', 'Content-Type': 'application/json'}}))"
                + " : real(url, o);");
        driver.findElement(By.id("clear")).click();
        trace(pad, test.image(0)); // a 7
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                "error".equals(d.findElement(By.id("result")).getAttribute("data-state")));
        assertThat(driver.findElement(By.id("message")).getText()).isEqualTo("the server is busy; try again shortly");
        assertThat(driver.findElement(By.id("digit")).getText()).as("the 2 is gone").isEqualTo("?");
        assertThat(driver.findElement(By.id("number")).getText()).as("the reading still comes").isEqualTo("7");
        ((JavascriptExecutor) driver).executeScript("window.busy = false;");
        // nothing more is drawn: the page asks again by itself, after the second the server asked for
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "7".equals(d.findElement(By.id("digit")).getText()));
        assertThat(driver.findElement(By.id("message")).isDisplayed()).isFalse();
    }

    /**
     * Draws an MNIST image on the canvas with the mouse: each run of ink (above half intensity) in
     * a row becomes one stroke, scaled from 28 to {@value #PAD} pixels.
     */
    static void trace(WebElement pad, byte[] image) {
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence s = new Sequence(mouse, 0);
        double scale = PAD / (double) Mnist.SIDE;
        for (int y = 0; y < Mnist.SIDE; y++) {
            int x = 0;
            while (x < Mnist.SIDE) {
                if ((image[y * Mnist.SIDE + x] & 0xff) < 128) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < Mnist.SIDE && (image[y * Mnist.SIDE + x] & 0xff) >= 128) x++;
                int end = x - 1;
                int cy = offset(y, scale);
                s.addAction(mouse.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(pad),
                        offset(start, scale), cy));
                s.addAction(mouse.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
                for (int px = start + 1; px <= end; px++) {
                    s.addAction(mouse.createPointerMove(Duration.ofMillis(5),
                            PointerInput.Origin.fromElement(pad), offset(px, scale), cy));
                }
                s.addAction(mouse.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
            }
        }
        driver.perform(List.of(s));
    }

    /** Offset from the canvas centre (Selenium's element origin) of MNIST column or row {@code p}. */
    static int offset(int p, double scale) {
        return (int) Math.round((p + 0.5) * scale - PAD / 2.0);
    }

    /** Waits until the page has answered for everything drawn so far. */
    static void waitForAnswer() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            WebElement r = d.findElement(By.id("result"));
            return "0".equals(r.getAttribute("data-inflight"))
                    && !"empty".equals(r.getAttribute("data-state"));
        });
        // throttled updates may still be queued: wait until nothing is in flight for a while
        List<String> seen = new ArrayList<>();
        new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(100)).until(d -> {
            seen.add(d.findElement(By.id("result")).getAttribute("data-inflight"));
            int n = seen.size();
            return n >= 4 && seen.subList(n - 4, n).stream().allMatch("0"::equals);
        });
    }

    static long inkOnPad() {
        return sum("pad");
    }

    static long inkOnSeen() {
        return sum("seen");
    }

    /** Sum of the red channel of a canvas: 0 when it is all black. */
    static long sum(String id) {
        Object v = ((JavascriptExecutor) driver).executeScript(
                "const c = document.getElementById(arguments[0]);"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i]; return s;", id);
        return ((Number) v).longValue();
    }
}
