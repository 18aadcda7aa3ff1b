package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digits.TestDigits;
import dev.digits.internal.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted and mismatched files, and flags that leave nothing to work with: each is one line on
 * stderr and a non-zero exit, never an out-of-memory error, a stack trace or a silent overwrite.
 */
class HostileFilesTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixture-model");

    @TempDir
    Path tmp;
    Path image;

    @BeforeEach
    void digit() throws IOException {
        image = tmp.resolve("seven.png");
        ImageIO.write(TestDigits.strokeSeven(100, 100), "png", image.toFile());
    }

    /** A copy of the fixture model whose model.json's architecture is changed by {@code edit}. */
    Path crafted(String name, Consumer<JsonObject> edit) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(FIXTURE.resolve("model.params"), dir.resolve("model.params"));
        JsonObject info = JsonParser.parseString(Files.readString(FIXTURE.resolve("model.json"))).getAsJsonObject();
        edit.accept(info);
        Files.writeString(dir.resolve("model.json"), info.toString());
        return dir;
    }

    static String predictError(Path model, Path image) {
        CliTest.Outcome o = CliTest.run("predict", "--model", model.toString(), image.toString());
        assertThat(o.code()).as(o.err()).isEqualTo(1);
        assertThat(o.err().lines().count()).as(o.err()).isEqualTo(1);
        return o.err();
    }

    @Test
    void craftedModelDescriptionsAreOneLineErrors() throws IOException {
        assertThat(predictError(crafted("empty-widths", i -> {
            arch(i).add("widths", new JsonArray());
            arch(i).add("strides", new JsonArray());
        }), image)).contains("corrupt", "one stride per stage");
        assertThat(predictError(crafted("billion-blocks", i -> arch(i).addProperty("blocks", 1_000_000_000)), image))
                .contains("corrupt", "blocks 1..16");
        assertThat(predictError(crafted("bad-strides", i -> {
            JsonArray s = new JsonArray();
            s.add(3);
            s.add(0);
            s.add(1);
            arch(i).add("strides", s);
        }), image)).contains("corrupt", "strides must be 1 or 2");
        assertThat(predictError(crafted("huge-widths", i -> {
            JsonArray w = new JsonArray();
            for (int k = 0; k < 8; k++) w.add(2048);
            JsonArray s = new JsonArray();
            for (int k = 0; k < 8; k++) s.add(1);
            arch(i).add("widths", w);
            arch(i).add("strides", s);
            arch(i).addProperty("blocks", 16);
        }), image)).contains("corrupt", "weights, over the");
    }

    @Test
    void weightsOfAnotherArchitectureOrEpochAreRefusedOnLoad() throws IOException {
        Path wider = crafted("wider", i -> {
            JsonArray w = new JsonArray();
            w.add(32);
            w.add(64);
            w.add(128);
            arch(i).add("widths", w);
        });
        assertThat(predictError(wider, image)).contains("corrupt or not made for");
        Path cut = crafted("cut", i -> i.remove("weightsSha256"));
        Files.write(cut.resolve("model.params"), java.util.Arrays.copyOf(Files.readAllBytes(cut.resolve("model.params")), 1000));
        assertThat(predictError(cut, image)).contains("corrupt or not made for").doesNotContain("(null)");
        // model.params other than the one model.json describes, and no resume state to read that one from
        // (a kill between the two writes keeps one: RunFolderTest): changed since, which --resume cannot mend
        Path stale = crafted("stale", i -> i.addProperty("weightsSha256", "0".repeat(64)));
        assertThat(predictError(stale, image)).contains("is not the one model.json describes", "changed or damaged")
                .doesNotContain("--resume");
    }

    @Test
    void twoRunsGivenTheSameFolderAtOnceTheSecondRefuses() throws IOException {
        Path out = tmp.resolve("run");
        try (RunFolder.Claim first = RunFolder.claimExact(out)) {
            assertThatThrownBy(() -> RunFolder.claimExact(out)).hasMessageContaining("being written by another run");
            CliTest.Outcome second = CliTest.run("train", "--limit", "600", "--validation", "100", "--epochs", "1",
                    "--out", out.toString());
            assertThat(second.code()).isEqualTo(1);
            assertThat(second.err()).contains("being written by another run").hasLineCount(1);
        }
        // once released, the folder is still empty (the claim's .lock aside) and may be used
        try (RunFolder.Claim again = RunFolder.claimExact(out)) {
            assertThat(again.run().dir()).isEqualTo(out);
        }
    }

    @Test
    void flagsThatLeaveNothingToWorkWithAreOneLineErrors() throws IOException {
        assertThat(CliTest.run("train", "--weight-decay", "Infinity").err())
                .startsWith("error: --weight-decay must be a number from 0 to below 10, got Infinity");
        assertThat(CliTest.run("train", "--limit", "500").err())
                .startsWith("error: --limit 500 leaves no training images beside the 5000 held out for validation");
        assertThat(CliTest.run("bench", "train", "--batch-size", "60000").err())
                .startsWith("error: --batch-size must be between 1 and 4096");
        assertThat(CliTest.run("bench", "infer", "--calls", "0").err()).startsWith("error: --calls must be between 1 and 1000000, got 0");
        assertThat(CliTest.run("serve", "--model", FIXTURE.toString(), "--queue", "0").err())
                .startsWith("error: --queue must be at least 1, got 0");
        assertThat(CliTest.run("serve", "--model", FIXTURE.toString(), "--deadline", "NaN").err())
                .startsWith("error: --deadline must be more than 0 and at most 3600 seconds, got NaN");
        Path other = Files.createDirectories(tmp.resolve("b")).resolve("seven.png");
        Files.copy(image, other);
        CliTest.Outcome twice = CliTest.run("predict", "--model", FIXTURE.toString(), "--show-input", tmp.resolve("shown").toString(),
                image.toString(), other.toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).startsWith("error: --show-input: two inputs are named seven.png").hasLineCount(1);
        assertThat(tmp.resolve("shown")).doesNotExist();
        CliTest.Outcome read = CliTest.run("read", "--model", FIXTURE.toString(), "--show-segments", tmp.resolve("boxes").toString(),
                image.toString(), other.toString());
        assertThat(read.code()).isEqualTo(2);
        assertThat(read.err()).startsWith("error: --show-segments: two inputs are named seven.png").hasLineCount(1);
        assertThat(tmp.resolve("boxes")).doesNotExist();
    }

    private static JsonObject arch(JsonObject info) {
        return info.getAsJsonObject("architecture");
    }
}
