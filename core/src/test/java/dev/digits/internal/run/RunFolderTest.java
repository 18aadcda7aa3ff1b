package dev.digits.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run folder's files: names, model.json's typed metrics, and the input contract read back from it. */
class RunFolderTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixture-model");

    @TempDir
    Path tmp;

    @Test
    void anEarlierRunsModelJsonReadsIntoTypedMetrics() {
        ModelInfo info = new RunFolder(FIXTURE).readInfo();
        assertThat(info.metrics().epochsCompleted()).isEqualTo(2);
        assertThat(info.metrics().testAccuracy()).isEqualTo(99.19);
        assertThat(info.metrics().validationAccuracy()).isEqualTo(99.04);
        assertThat(info.metrics().secondsToTestAccuracy()).containsOnlyKeys("98.0", "99.0", "99.14");
        assertThat(info.input()).isEqualTo(InputContract.MNIST);
        assertThat(info.command()).isNull();
    }

    @Test
    void modelJsonKeepsItsKeysWhenWrittenBack() throws IOException {
        RunFolder run = RunFolder.createExact(tmp.resolve("copy"));
        ModelInfo info = new RunFolder(FIXTURE).readInfo().withCommand("./mnist train --seed 42");
        run.writeInfo(info);
        String json = Files.readString(run.info());
        assertThat(json).contains("\"epochs_completed\": 2", "\"test_accuracy\": 99.19", "\"validation_accuracy\": 99.04",
                "\"seconds_to_test_accuracy\"", "\"mean\": 0.1307", "\"command\": \"./mnist train --seed 42\"");
        assertThat(run.readInfo()).isEqualTo(info);
    }

    @Test
    void theSavedNormalisationIsTheOneUsed() throws IOException {
        Path copy = copyFixture("other-std");
        String json = Files.readString(copy.resolve(RunFolder.INFO)).replace("\"std\": 0.3081", "\"std\": 0.6162");
        Files.writeString(copy.resolve(RunFolder.INFO), json);
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(50);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) images.add(test.image(i));
        try (DigitClassifier saved = DigitClassifier.load(new RunFolder(FIXTURE));
             DigitClassifier halved = DigitClassifier.load(new RunFolder(copy))) {
            assertThat(halved.info().input().std()).isEqualTo(0.6162f);
            List<Prediction> a = saved.classify(images);
            List<Prediction> b = halved.classify(images);
            assertThat(a.get(0).probabilities()).isNotEqualTo(b.get(0).probabilities());
        }
    }

    @Test
    void anUnusableNormalisationIsACorruptModelJson() throws IOException {
        Path copy = copyFixture("zero-std");
        Files.writeString(copy.resolve(RunFolder.INFO),
                Files.readString(copy.resolve(RunFolder.INFO)).replace("\"std\": 0.3081", "\"std\": 0"));
        assertThatThrownBy(() -> new RunFolder(copy).readInfo()).isInstanceOf(ModelException.class)
                .hasMessageContaining("corrupt").hasMessageContaining("positive std");
    }

    @Test
    void aModelJsonOrConfigOfBinaryBytesSaysItIsNotText() throws IOException {
        Path copy = copyFixture("binary");
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0x7b, (byte) 0xc3, 0x28};
        Files.write(copy.resolve(RunFolder.INFO), notUtf8);
        Files.write(copy.resolve(RunFolder.CONFIG), notUtf8);
        assertThatThrownBy(() -> new RunFolder(copy).readInfo()).isInstanceOf(ModelException.class)
                .hasMessage(copy.resolve(RunFolder.INFO) + ": cannot be read: not UTF-8 text");
        assertThatThrownBy(() -> new RunFolder(copy).readConfig()).isInstanceOf(ModelException.class)
                .hasMessage(copy.resolve(RunFolder.CONFIG) + ": cannot be read: not UTF-8 text");
    }

    @Test
    void aRunStillInItsFirstEpochSaysSoAndHowToGoOn() throws IOException {
        Path begun = Files.createDirectories(tmp.resolve("begun"));
        Files.writeString(begun.resolve(RunFolder.CONFIG), "{}");
        assertThatThrownBy(() -> new RunFolder(begun).readInfo()).isInstanceOf(ModelException.class)
                .hasMessage(begun + ": no completed epoch yet (the run is in its first epoch, or was stopped in it;"
                        + " ./mnist train --resume " + begun + " starts it again)");
    }

    @Test
    void newestIsTheLastWrittenModelAndIgnoresFoldersWithoutOne() throws IOException {
        assertThat(RunFolder.newest(tmp.resolve("none"))).isEmpty();
        RunFolder a = RunFolder.createExact(tmp.resolve("runs/a"));
        RunFolder b = RunFolder.createExact(tmp.resolve("runs/b"));
        RunFolder.createExact(tmp.resolve("runs/c")); // no model yet
        for (RunFolder r : List.of(b, a)) {
            Files.writeString(r.weights(Weights.MODEL), "w");
            r.writeConfig(Map.of("seed", 1));
            r.writeInfo(new RunFolder(FIXTURE).readInfo());
        }
        Files.setLastModifiedTime(b.info(), java.nio.file.attribute.FileTime.fromMillis(1_000));
        assertThat(RunFolder.newest(tmp.resolve("runs"))).contains(a);

        // an ensemble made after them, its weights in members/N/ only, is the newest
        RunFolder e = RunFolder.createExact(tmp.resolve("runs/e"));
        e.writeInfo(Ensemble.create(List.of(a, b), dev.digits.internal.model.Views.of(1), e, "mnist ensemble runs/a runs/b"));
        assertThat(e.weights(Weights.MODEL)).doesNotExist();
        Files.setLastModifiedTime(a.info(), java.nio.file.attribute.FileTime.fromMillis(2_000));
        assertThat(RunFolder.newest(tmp.resolve("runs"))).contains(e);
    }

    @Test
    void aTimestampedFolderIsNeverReused() throws IOException {
        RunFolder first = RunFolder.createTimestamped(tmp);
        RunFolder second = RunFolder.createTimestamped(tmp);
        assertThat(first).isNotEqualTo(second);
        assertThat(second.dir().getFileName().toString()).startsWith(first.dir().getFileName().toString());
    }

    @Test
    void aRunStoppedBetweenAnEpochsWeightsAndItsModelJsonIsReadAsTheEpochModelJsonDescribes() throws IOException {
        RunFolder run = new RunFolder(copyFixture("stopped"));
        byte[] described = Files.readAllBytes(run.weights(Weights.MODEL));
        ModelInfo info = run.readInfo().withWeightsSha256(Checkpoint.sha256(described));
        run.writeInfo(info);
        int epoch = info.metrics().epochsCompleted();
        new ResumeState(new ResumeState.Loop(epoch, 0, epoch, 0, Map.of()), new ResumeState.Optimiser(List.of(), List.of(), 0),
                described, new byte[0]).write(run);
        byte[] image = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).image(0);
        Prediction expected;
        try (DigitClassifier c = DigitClassifier.load(run, Weights.MODEL, 1)) {
            expected = c.classify(image);
        }
        // the next epoch's weights written, then the kill: model.json and the resume state still describe the last
        Checkpoint.writeWeights(run, Weights.MODEL, "another epoch".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (DigitClassifier c = DigitClassifier.load(run, Weights.MODEL, 1)) {
            assertThat(c.classify(image).probabilities()).containsExactly(expected.probabilities());
        }
        assertThat(Files.readString(run.weights(Weights.MODEL))).as("reading writes nothing").isEqualTo("another epoch");

        Files.delete(run.resumeState(epoch));
        assertThatThrownBy(() -> DigitClassifier.load(run, Weights.MODEL, 1)).isInstanceOf(ModelException.class)
                .hasMessageContaining("is not the one model.json describes");
    }

    private Path copyFixture(String name) throws IOException {
        Path copy = Files.createDirectories(tmp.resolve(name));
        for (String f : List.of(RunFolder.INFO, Weights.MODEL.fileName())) Files.copy(FIXTURE.resolve(f), copy.resolve(f));
        return copy;
    }
}
