package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.cli.CliTest.Outcome;
import dev.digits.internal.data.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval reports the USPS digits beside MNIST's, read the way predict reads any image; on the fixture model. */
class EvalUspsTest {

    private static final String MODEL = "src/test/resources/fixture-model";
    private static final Pattern USPS_LINE = Pattern.compile(
            "(?m)^USPS test accuracy (\\d+\\.\\d\\d)% \\((\\d+)/2007\\), read through predict's preprocessing$");

    @TempDir
    Path tmp;

    @Test
    void evalPrintsTheUspsAccuracyBesideMnistsAndPutsItInTheReport() throws IOException {
        Path out = tmp.resolve("eval");
        Outcome o = CliTest.run("eval", "--model", MODEL, "--data", smallMnist(300).toString(), "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        Matcher m = USPS_LINE.matcher(o.out());
        assertThat(m.find()).as(o.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(90.0);
        assertThat(o.out()).containsSubsequence("test accuracy", "(", "/300)", "USPS test accuracy", "digit  precision");
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("## Other writers", "| USPS test | " + m.group(1) + "% | " + m.group(2) + " | "
                + (2007 - Integer.parseInt(m.group(2))) + " | ", "| `test set` | `MNIST-format test, " + tmp.resolve("mnist") + "` |");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<h2 id=\"other-writers\">Other writers</h2>");

        Outcome without = CliTest.run("eval", "--model", MODEL, "--data", tmp.resolve("mnist").toString(), "--no-usps",
                "--out", tmp.resolve("eval2").toString());
        assertThat(without.code()).as(without.err()).isZero();
        assertThat(without.out()).doesNotContain("USPS");
        assertThat(Files.readString(tmp.resolve("eval2/report.md"))).doesNotContain("Other writers");
    }

    @Test
    void evalDataUspsEvaluatesTheUspsTestSetItself() throws IOException {
        Path out = tmp.resolve("eval");
        Outcome o = CliTest.run("eval", "--model", MODEL, "--data", "usps", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        Matcher m = Pattern.compile("test accuracy (\\d+\\.\\d\\d)% \\(\\d+/2007\\)").matcher(o.out());
        assertThat(m.find()).as(o.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(90.0);
        assertThat(o.out()).doesNotContain("USPS test accuracy"); // not twice
        assertThat(Files.readString(out.resolve("report.md")))
                .contains("| `test set` | `USPS test, data/usps, read through predict's preprocessing` |");
        assertThat(CliTest.run("eval", "--help").out()).contains("--data", "usps", "--no-usps");
    }

    /** The first {@code n} MNIST test digits as raw IDX files in tmp/mnist. */
    private Path smallMnist(int n) throws IOException {
        Mnist head = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(n);
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(head.images(), n, 28, 28));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(head.labels(), n));
        return dir;
    }

    private static byte[] idx(byte[] data, int... dims) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 8, (byte) dims.length});
        for (int d : dims) out.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        out.writeBytes(data);
        return out.toByteArray();
    }
}
