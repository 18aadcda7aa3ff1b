package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.exchange.Safetensors;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.model.Views;
import dev.digits.internal.run.Checkpoint;
import dev.digits.internal.run.Ensemble;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mnist export} and {@code mnist import}: weights to and from PyTorch (issue #15). */
class ExchangeCommandTest {

    static final Path FAST = Path.of("src/test/resources/fixture-model");
    static final Path TORCH = Path.of("src/test/resources/torch-report16");

    @TempDir
    Path tmp;

    static List<Prediction> predictions(Path model, int n) {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        List<byte[]> images = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) images.add(test.image(i));
        try (DigitClassifier c = DigitClassifier.load(new RunFolder(model))) {
            return c.classify(images);
        }
    }

    static CliTest.Outcome ok(String... args) {
        CliTest.Outcome o = CliTest.run(args);
        assertThat(o.code()).as(o.err()).isZero();
        return o;
    }

    @Test
    void exportThenImportGivesTheSameWeightsAndProbabilities() throws IOException {
        Path file = tmp.resolve("fast16.safetensors");
        assertThat(ok("export", FAST.toString(), "--format", "safetensors", "--out", file.toString()).out())
                .contains("62 tensors", "FastResNet(width=16) in python/fast_model.py");
        Path back = tmp.resolve("back");
        CliTest.Outcome imported = ok("import", file.toString(), "--arch", "fast", "--width", "16", "--out", back.toString());
        ModelInfo original = new RunFolder(FAST).readInfo();
        assertThat(imported.out()).contains(String.format("test accuracy %.2f%%", original.metrics().testAccuracy()));
        // the same weights, value for value (the files differ only in the input shape DJL records: 128 in training, 1 here)
        try (ai.djl.Model m = Checkpoint.load(new RunFolder(FAST), Weights.MODEL, original);
             ai.djl.Model n = Checkpoint.load(new RunFolder(back), Weights.MODEL, new RunFolder(back).readInfo())) {
            var theirs = n.getBlock().getParameters();
            m.getBlock().getParameters().forEach(p -> assertThat(theirs.get(p.getKey()).getArray().toFloatArray()).as(p.getKey())
                    .isEqualTo(p.getValue().getArray().toFloatArray()));
        }
        List<Prediction> a = predictions(FAST, 300);
        List<Prediction> b = predictions(back, 300);
        for (int i = 0; i < a.size(); i++) assertThat(b.get(i).probabilities()).isEqualTo(a.get(i).probabilities());
        ModelInfo info = new RunFolder(back).readInfo();
        assertThat(info.architecture()).isEqualTo(original.architecture());
        assertThat(info.command()).startsWith("./mnist import ");
        assertThat(ok("predict", "--model", back.toString(), "docs/images/seven.png").out()).contains(": 7 (");
    }

    @Test
    void aCalibratedRunsTemperatureTravelsInTheFileAndImportKeepsIt() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("calibrated"));
        Files.copy(FAST.resolve("model.params"), run.resolve("model.params"));
        new RunFolder(run).writeInfo(new RunFolder(FAST).readInfo().withTemperature(0.625));
        Path file = tmp.resolve("calibrated.safetensors");
        ok("export", run.toString(), "--out", file.toString());
        assertThat(dev.digits.internal.exchange.TorchImport.metadata(file)).containsEntry("temperature", "0.625");
        Path back = tmp.resolve("back");
        ok("import", file.toString(), "--arch", "fast", "--width", "16", "--no-eval", "--out", back.toString());
        assertThat(new RunFolder(back).readInfo().temperature()).isEqualTo(0.625);
        List<Prediction> a = predictions(run, 50);
        List<Prediction> b = predictions(back, 50);
        for (int i = 0; i < a.size(); i++) assertThat(b.get(i).probabilities()).isEqualTo(a.get(i).probabilities());
        // an uncalibrated run's file has no temperature, and an imported folder cannot be calibrated: it says why
        Path plain = tmp.resolve("plain.safetensors");
        ok("export", FAST.toString(), "--out", plain.toString());
        assertThat(dev.digits.internal.exchange.TorchImport.metadata(plain)).doesNotContainKey("temperature");
        CliTest.Outcome calibrate = CliTest.run("calibrate", back.toString());
        assertThat(calibrate.code()).isEqualTo(1);
        assertThat(calibrate.err()).contains("made by import", "export wrote from a calibrated run");
        // best.params was never calibrated: its file carries no temperature
        Files.copy(FAST.resolve("model.params"), run.resolve("best.params"));
        Path best = tmp.resolve("best.safetensors");
        ok("export", run.toString(), "--weights", "best", "--out", best.toString());
        assertThat(dev.digits.internal.exchange.TorchImport.metadata(best)).doesNotContainKey("temperature");
    }

    @Test
    void theReportsNetworkTrainedInPyTorchGivesPyTorchsProbabilities() throws IOException {
        Path run = tmp.resolve("report16");
        ok("import", TORCH.resolve("report16.safetensors").toString(), "--arch", "report", "--width", "16", "--no-eval",
                "--out", run.toString());
        JsonObject expected = JsonParser.parseString(Files.readString(TORCH.resolve("expected.json"))).getAsJsonObject();
        JsonArray probabilities = expected.getAsJsonArray("probabilities");
        List<Prediction> got = predictions(run, probabilities.size());
        int right = 0;
        for (int i = 0; i < got.size(); i++) {
            JsonArray p = probabilities.get(i).getAsJsonArray();
            for (int c = 0; c < 10; c++) assertThat(got.get(i).probabilities()[c]).isCloseTo(p.get(c).getAsFloat(), offset(1e-4f));
            assertThat(got.get(i).digit()).isEqualTo(expected.getAsJsonArray("digits").get(i).getAsInt());
            if (got.get(i).digit() == expected.getAsJsonArray("labels").get(i).getAsInt()) right++;
        }
        assertThat(right).as("a trained fixture: the test could tell a wrong mapping").isGreaterThan(got.size() / 2);

        // and out again: the same names and values, so PyTorch's strict load_state_dict takes it
        Path file = tmp.resolve("again.safetensors");
        ok("export", run.toString(), "--out", file.toString());
        Path again = tmp.resolve("again");
        ok("import", file.toString(), "--arch", "report", "--width", "16", "--no-eval", "--out", again.toString());
        assertThat(again.resolve("model.params")).hasSameBinaryContentAs(run.resolve("model.params"));
        JsonObject exported = Safetensors.read(file).header;
        JsonObject original = Safetensors.read(TORCH.resolve("report16.safetensors")).header;
        original.remove("__metadata__");
        assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
        for (String name : original.keySet()) {
            assertThat(exported.getAsJsonObject(name).get("shape")).as(name).isEqualTo(original.getAsJsonObject(name).get("shape"));
        }
    }

    @Test
    void exportNeverReplacesAFileOfTheRunAndSaysWhenTheModelReadsInSeveralViews() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        for (String f : new String[] {"model.json", "model.params"}) Files.copy(FAST.resolve(f), run.resolve(f));
        byte[] weights = Files.readAllBytes(run.resolve("model.params"));
        CliTest.Outcome own = CliTest.run("export", run.toString(), "--out", run.resolve("model.params").toString());
        assertThat(own.code()).isEqualTo(1);
        assertThat(own.err()).isEqualTo("error: " + run.resolve("model.params") + " is a file of the run itself; --out names a new"
                + " file (such as " + run.resolve("model.safetensors") + ")" + System.lineSeparator());
        assertThat(Files.readAllBytes(run.resolve("model.params"))).isEqualTo(weights);
        assertThat(CliTest.run("export", run.toString(), "--out", run.resolve("model.safetensors").toString()).code()).isZero();

        // a model that reads each digit in five views: the file holds its one network, and export says so
        RunFolder folder = new RunFolder(run);
        folder.writeInfo(folder.readInfo().withViews(new dev.digits.internal.model.Views(5)));
        CliTest.Outcome views = CliTest.run("export", run.toString(), "--out", tmp.resolve("views.safetensors").toString());
        assertThat(views.code()).as(views.err()).isZero();
        assertThat(views.out()).contains("note: the model reads each digit in 5 views");
    }

    @Test
    void badFlagsAndFoldersAreOneLineErrors() throws IOException {
        Path file = TORCH.resolve("report16.safetensors").toAbsolutePath();
        CliTest.Outcome width = CliTest.run("import", file.toString(), "--arch", "report", "--width", "20", "--out", tmp.resolve("w").toString());
        assertThat(width.code()).isEqualTo(2);
        assertThat(width.err()).startsWith("error: --width must be a positive multiple of 16");
        Path x = tmp.resolve("x"); // refused: nothing may be written, here or in the working folder
        assertThat(CliTest.run("import", file.toString(), "--arch", "resnet", "--width", "16", "--out", x.toString()).code()).isEqualTo(2);
        assertThat(CliTest.run("export", FAST.toString(), "--format", "onnx", "--out", x.toString()).code()).isEqualTo(2);
        assertThat(x).doesNotExist();

        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        CliTest.Outcome full = CliTest.run("import", file.toString(), "--arch", "report", "--width", "16", "--out", used.toString());
        assertThat(full.code()).isEqualTo(1);
        assertThat(full.err().lines()).singleElement().asString().isEqualTo("error: " + used + ": already holds files; refusing to overwrite them (give a new or empty folder)");
        try (var left = Files.list(used)) {
            assertThat(left.map(f -> f.getFileName().toString())).as("nothing added to the refused folder").containsExactly("notes.txt");
        }

        CliTest.Outcome wrong = CliTest.run("import", file.toString(), "--arch", "report", "--width", "32", "--out", tmp.resolve("r32").toString());
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err().lines()).singleElement().asString().endsWith("is --arch or --width right?");
        assertThat(tmp.resolve("r32")).doesNotExist();

        Path ensemble = tmp.resolve("ensemble");
        RunFolder folder = RunFolder.createExact(ensemble); // as ./mnist ensemble makes it, without its evaluations
        folder.writeInfo(Ensemble.create(List.of(new RunFolder(FAST)), new Views(5), folder, "test"));
        CliTest.Outcome e = CliTest.run("export", ensemble.toString(), "--out", tmp.resolve("e.safetensors").toString());
        assertThat(e.code()).isEqualTo(1);
        assertThat(e.err()).isEqualTo("error: " + ensemble + ": an ensemble (1 member); export a member's folder, "
                + ensemble.resolve("members/1") + "\n");

        Path ablation = Files.createDirectories(tmp.resolve("ablation"));
        Files.copy(FAST.resolve("model.params"), ablation.resolve("model.params"));
        JsonObject info = JsonParser.parseString(Files.readString(FAST.resolve("model.json"))).getAsJsonObject();
        JsonArray removed = new JsonArray();
        removed.add("SHORTCUTS");
        info.getAsJsonObject("architecture").add("removed", removed);
        Files.writeString(ablation.resolve("model.json"), info.toString());
        CliTest.Outcome a = CliTest.run("export", ablation.toString(), "--out", tmp.resolve("a.safetensors").toString());
        assertThat(a.code()).isEqualTo(1);
        assertThat(a.err()).startsWith("error: only the report and fast networks of ./mnist train have PyTorch names; this is fast(")
                .contains("no shortcuts");
    }
}
