package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mnist calibrate}, and {@code train} calibrating at its end. */
class CalibrateTest {

    private static final Pattern LINE = Pattern.compile("calibrated on the validation split: temperature (\\d+\\.\\d+), loss "
            + "(\\d+\\.\\d+) -> (\\d+\\.\\d+), expected calibration error \\d+\\.\\d+% -> \\d+\\.\\d+%; written to .*model.json");

    @TempDir
    Path tmp;

    /** One epoch of {@code limit} training digits, {@code validation} of them held out, into {@code run}. */
    private static CliTest.Outcome trainSmall(Path run, int limit, int validation) {
        CliTest.Outcome trained = CliTest.run("train", "--limit", String.valueOf(limit), "--validation", String.valueOf(validation),
                "--epochs", "1", "--seed", "3", "--no-usps", "--out", run.toString());
        assertThat(trained.code()).as(trained.err()).isZero();
        return trained;
    }

    @Test
    void trainCalibratesOnItsValidationSplitAndCalibrateAgainChangesNothing() throws IOException {
        Path run = tmp.resolve("run");
        CliTest.Outcome trained = trainSmall(run, 1500, 300);
        Matcher m = LINE.matcher(trained.out());
        assertThat(m.find()).as(trained.out()).isTrue();
        assertThat(Double.parseDouble(m.group(3))).isLessThanOrEqualTo(Double.parseDouble(m.group(2)));
        ModelInfo info = new RunFolder(run).readInfo();
        assertThat(info.temperature()).isCloseTo(Double.parseDouble(m.group(1)), Offset.offset(1e-3));
        assertThat(Files.readString(run.resolve("report.md"))).contains("| `temperature` | `" + m.group(1) + " (fitted on the validation split)");

        // not while another process writes the run (its claim held here)
        try (RunFolder.Claim held = new RunFolder(run).claim()) {
            CliTest.Outcome busy = CliTest.run("calibrate", run.toString());
            assertThat(busy.code()).isNotZero();
            assertThat(busy.err().strip()).doesNotContain("\n").endsWith(": being written by another run; wait for it or give another folder");
        }
        assertThat(new RunFolder(run).readInfo().temperature()).isEqualTo(info.temperature());

        // fitted again on answers given at that temperature, it stays where it is
        CliTest.Outcome again = CliTest.run("calibrate", run.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(new RunFolder(run).readInfo().temperature()).isCloseTo(info.temperature(), Offset.offset(2e-3));

        Path ensemble = tmp.resolve("ensemble");
        assertThat(CliTest.run("ensemble", run.toString(), "--views", "5", "--no-usps", "--out", ensemble.toString()).code()).isZero();
        CliTest.Outcome refused = CliTest.run("calibrate", ensemble.toString());
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err().strip()).doesNotContain("\n").contains("calibrate the runs it was made from");
    }

    /**
     * {@code train --views 5}: a model that reads in five views, its test accuracy printed and
     * reported as read so, and its temperature fitted on one view (each view's logits are divided
     * by it): the same weights described as a one-view model calibrate to the same temperature.
     */
    @Test
    void aRunWithViewsReadsInThemAndIsCalibratedOnOneView() throws IOException {
        Path five = tmp.resolve("five");
        CliTest.Outcome trained = CliTest.run("train", "--limit", "1500", "--validation", "300", "--epochs", "1", "--seed", "3",
                "--no-usps", "--views", "5", "--out", five.toString());
        assertThat(trained.code()).as(trained.err()).isZero();
        Matcher read = Pattern.compile("the saved model reads each digit in 5 views: test accuracy (\\d+\\.\\d\\d)% \\((\\d+)/10000\\)")
                .matcher(trained.out());
        assertThat(read.find()).as(trained.out()).isTrue();
        assertThat(Files.readString(five.resolve("report.md"))).contains("Test accuracy: **" + read.group(1) + "%** (" + read.group(2) + " of");
        ModelInfo info = new RunFolder(five).readInfo();
        assertThat(info.views().count()).isEqualTo(5);
        assertThat(info.config()).containsEntry("test_time_views", 5.0);

        Path one = Files.createDirectories(tmp.resolve("one"));
        for (String f : new String[] {"model.params", "config.json"}) Files.copy(five.resolve(f), one.resolve(f));
        new RunFolder(one).writeInfo(new ModelInfo(info.architecture(), info.mean(), info.std(), info.config(), info.metrics(),
                info.created(), info.parameters(), info.command()).withWeightsSha256(info.weightsSha256()));
        CliTest.Outcome calibrated = CliTest.run("calibrate", one.toString());
        assertThat(calibrated.code()).as(calibrated.err()).isZero();
        assertThat(new RunFolder(one).readInfo().views().count()).isEqualTo(1);
        assertThat(new RunFolder(one).readInfo().temperature()).isCloseTo(info.temperature(), Offset.offset(1e-9));
    }

    /** A model whose weights answer NaN is refused in one line before any fit (as every command that loads it does). */
    @Test
    void aModelThatAnswersNaNIsRefusedInOneLine() throws IOException {
        Path run = tmp.resolve("nan");
        trainSmall(run, 1500, 300);
        RunFolder folder = new RunFolder(run);
        ModelInfo info = folder.readInfo();
        byte[] broken;
        try (ai.djl.Model m = dev.digits.internal.run.Checkpoint.load(folder, dev.digits.internal.run.Weights.MODEL, info)) {
            for (var p : m.getBlock().getParameters().values()) p.getArray().muli(Float.NaN);
            broken = dev.digits.internal.run.Checkpoint.weightBytes(m.getBlock());
        }
        Files.write(folder.weights(dev.digits.internal.run.Weights.MODEL), broken);
        folder.writeInfo(new ModelInfo(info.architecture(), info.mean(), info.std(), info.config(), info.metrics(), info.created(),
                info.parameters(), info.command()).withWeightsSha256(dev.digits.internal.run.Checkpoint.sha256(broken)));
        CliTest.Outcome refused = CliTest.run("calibrate", run.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: " + run + ": the model answers NaN or infinity" + System.lineSeparator());
    }

    @Test
    void aRunStoppedBeforeItsEndWasWrittenGetsItFromResume() throws IOException {
        Path run = tmp.resolve("stopped");
        trainSmall(run, 1500, 300);
        // as if killed after the last epoch's model.json, before calibration and the report
        Path info = run.resolve("model.json");
        Files.writeString(info, Files.readString(info).replaceAll(",\\s*\"temperature\": [0-9.E-]+", ""));
        assertThat(new RunFolder(run).readInfo().temperature()).isNull();
        Files.delete(run.resolve("report.md"));
        Files.delete(run.resolve("report.html"));

        CliTest.Outcome resumed = CliTest.run("train", "--resume", run.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("is complete").contains("writing what its end left undone");
        assertThat(LINE.matcher(resumed.out()).find()).as(resumed.out()).isTrue();
        assertThat(new RunFolder(run).readInfo().temperature()).isNotNull();
        // the report's settings read back from model.json, whole numbers without a fraction
        assertThat(Files.readString(run.resolve("report.md"))).contains("| `seed` | `3` |");

        CliTest.Outcome again = CliTest.run("train", "--resume", run.toString());
        assertThat(again.out()).contains("nothing to resume");

        // killed between the report's two files: the last one is written
        Files.delete(run.resolve("report.html"));
        CliTest.Outcome html = CliTest.run("train", "--resume", run.toString());
        assertThat(html.out()).contains("writing what its end left undone");
        assertThat(run.resolve("report.html")).isNotEmptyFile();

        // an end that ran but could not fit a temperature (as "left uncalibrated: ..." says) is not done again and again
        Files.writeString(info, Files.readString(info).replaceAll(",\\s*\"temperature\": [0-9.E-]+", ""));
        assertThat(CliTest.run("train", "--resume", run.toString()).out()).contains("nothing to resume");
    }

    @Test
    void tooFewOrAllRightValidationDigitsLeaveTheModelUncalibrated() throws IOException {
        Path run = tmp.resolve("few");
        CliTest.Outcome trained = trainSmall(run, 600, 50);
        assertThat(trained.out()).contains(run + ": left uncalibrated: 50 validation digits are too few").doesNotContain("not calibrated");
        assertThat(new RunFolder(run).readInfo().temperature()).isNull();
    }

    @Test
    void aRunWithoutAValidationSplitIsNotCalibrated() {
        Path run = tmp.resolve("all");
        CliTest.Outcome trained = trainSmall(run, 600, 0);
        assertThat(trained.out()).doesNotContain("calibrated");
        assertThat(new RunFolder(run).readInfo().temperature()).isNull();
        CliTest.Outcome refused = CliTest.run("calibrate", run.toString());
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err().strip()).doesNotContain("\n").contains("without a validation split");
    }

    @Test
    void aFolderWithoutItsRecipeIsRefusedWithoutALockLeftInIt() throws IOException {
        Path bare = Files.createDirectories(tmp.resolve("bare"));
        for (String f : new String[] {"model.json", "model.params"}) Files.copy(Path.of("src/test/resources/fixture-model", f), bare.resolve(f));
        CliTest.Outcome refused = CliTest.run("calibrate", bare.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("not a run folder (no config.json)");
        try (var files = Files.list(bare)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("model.json", "model.params");
        }
    }
}
