package dev.digits.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.infer.Preprocessor;
import dev.digits.internal.model.Views;
import dev.digits.internal.run.Ensemble;
import dev.digits.internal.run.RunFolder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The public facade, with the shipped model: the same answers as the internal path ./mnist predict takes. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DigitModelTest {

    static final Path SHIPPED = Path.of("models/default");
    static final Path SEVEN = Path.of("docs/images/seven.png");

    static DigitModel model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        model = DigitModel.load(SHIPPED);
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    @Test
    void classifiesAFileAsPredictDoes() {
        Answer a = model.classify(SEVEN);
        Prediction expected;
        try (DigitClassifier c = DigitClassifier.load(new RunFolder(SHIPPED))) {
            expected = c.classify(Preprocessor.toMnist(ImageDecoder.read(SEVEN)));
        }
        assertThat(a.digit()).isEqualTo(7).isEqualTo(expected.digit());
        assertThat(a.probability()).isCloseTo(expected.probability(), org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(a.top3()).hasSize(3);
        assertThat(a.top3().get(0)).isEqualTo(new Candidate(7, a.probability()));
        assertThat(a.top3().get(1).probability()).isLessThanOrEqualTo(a.probability());
        assertThat(a.notADigit()).isFalse();
    }

    @Test
    void aBatchAnswersAsOneAtATime() throws Exception {
        BufferedImage seven = ImageDecoder.read(SEVEN);
        BufferedImage number = ImageDecoder.read(Path.of("docs/images/number.png"));
        List<Answer> batch = model.classifyAll(List.of(seven, number, seven));
        assertThat(batch).hasSize(3);
        assertThat(batch.get(0)).isEqualTo(batch.get(2));
        assertThat(batch.get(1).digit()).isEqualTo(model.classify(number).digit());
        assertThat(model.classify(DigitModel.decode(Files.readAllBytes(SEVEN))).digit()).isEqualTo(7);
    }

    @Test
    void readsTheReadmesNumber() {
        NumberAnswer n = model.read(Path.of("docs/images/number.png"));
        assertThat(n.number()).isEqualTo("95348");
        assertThat(n.complete()).isTrue();
        assertThat(n.digits()).hasSize(5);
        assertThat(n.digits().get(0).x()).isLessThan(n.digits().get(1).x());
    }

    @Test
    void failuresAreOneLineDigitExceptions() throws Exception {
        BufferedImage blank = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
        assertThatThrownBy(() -> model.classify(blank)).isInstanceOf(DigitException.class)
                .hasMessageContaining("blank").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> model.classifyAll(List.of(ImageDecoder.read(SEVEN), blank)))
                .isInstanceOf(DigitException.class).hasMessageStartingWith("image 1: ");
        Path notAnImage = Files.writeString(tmp.resolve("x.png"), "not a picture");
        assertThatThrownBy(() -> model.classify(notAnImage)).isInstanceOf(DigitException.class).hasMessageNotContaining("\n");
        assertThatThrownBy(() -> DigitModel.decode(new byte[] {1, 2, 3})).isInstanceOf(DigitException.class);
        assertThatThrownBy(() -> DigitModel.load(tmp)).isInstanceOf(DigitException.class)
                .hasMessageStartingWith(tmp + ": cannot load the model: ").hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(e.getMessage().split(java.util.regex.Pattern.quote(tmp.toString()), -1)).hasSize(2));
        BufferedImage huge = new BufferedImage(4097, 4096, BufferedImage.TYPE_BYTE_GRAY);
        assertThatThrownBy(() -> model.read(huge)).isInstanceOf(DigitException.class).hasMessageNotContaining("\n");
        assertThatThrownBy(() -> model.classify((BufferedImage) null)).isInstanceOf(NullPointerException.class).hasMessage("image");
        assertThatThrownBy(() -> model.classifyAll(java.util.Arrays.asList(ImageDecoder.read(SEVEN), null)))
                .isInstanceOf(NullPointerException.class).hasMessage("image 1");
    }

    @Test
    void aGateFromAnotherModelFailsAtLoad() throws Exception {
        // the fixture network (fast(16)) with the shipped model's gate (fitted on fast(32)'s features)
        Path folder = Files.createDirectories(tmp.resolve("mixed"));
        for (String f : new String[] {"model.json", "model.params"}) {
            Files.copy(Path.of("src/test/resources/fixture-model", f), folder.resolve(f));
        }
        Files.copy(SHIPPED.resolve("gate.bin"), folder.resolve("gate.bin"));
        assertThatThrownBy(() -> DigitModel.load(folder)).isInstanceOf(DigitException.class)
                .hasMessageStartingWith(folder + ": gate.bin does not fit the model: ").hasMessageNotContaining("\n");
        // cut short: the cause in words
        Files.write(folder.resolve("gate.bin"), java.util.Arrays.copyOf(Files.readAllBytes(SHIPPED.resolve("gate.bin")), 100));
        assertThatThrownBy(() -> DigitModel.load(folder)).isInstanceOf(DigitException.class)
                .hasMessageContaining("gate.bin: cannot read the gate (it ends too soon)").hasMessageNotContaining("null");
    }

    /** What to ship so that a folder loads elsewhere: loading's files, the members' too, and no report or checkpoint. */
    @Test
    void filesAreWhatLoadingReads() throws Exception {
        assertThat(DigitModel.files(SHIPPED)).containsExactly("gate.bin", "model.json", "model.params", "number-net.params");
        Path fixture = Path.of("src/test/resources/fixture-model");
        RunFolder ensemble = RunFolder.createExact(tmp.resolve("ensemble"));
        ensemble.writeInfo(Ensemble.create(List.of(new RunFolder(fixture), new RunFolder(fixture)), Views.ONE, ensemble, "test"));
        Files.writeString(ensemble.dir().resolve("report.md"), "# a report");
        DigitModel.load(ensemble.dir()).close(); // a folder that loads
        assertThat(DigitModel.files(ensemble.dir())).containsExactly(
                "members/1/model.json", "members/1/model.params", "members/2/model.json", "members/2/model.params", "model.json");
        assertThatThrownBy(() -> DigitModel.files(tmp)).isInstanceOf(DigitException.class)
                .hasMessage(tmp + " is not a model folder (no model.json)");
        // a nested model folder is not the ensemble's; a member outside the folder is refused
        Files.copy(fixture.resolve("model.json"), Files.createDirectories(ensemble.dir().resolve("eval/nested")).resolve("model.json"));
        assertThat(DigitModel.files(ensemble.dir())).doesNotContain("eval/nested/model.json");
        Path model = ensemble.info();
        Files.writeString(model, Files.readString(model).replace("\"members/2\"", "\"../../elsewhere\""));
        assertThatThrownBy(() -> DigitModel.files(ensemble.dir())).isInstanceOf(DigitException.class)
                .hasMessageContaining("an ensemble member must be a folder inside the ensemble's, got ../../elsewhere");
        assertThatThrownBy(() -> DigitModel.load(ensemble.dir())).isInstanceOf(DigitException.class)
                .hasMessageContaining("an ensemble member must be a folder inside the ensemble's");
    }

    @Test
    void aClosedModelRefusesToAnswer() {
        DigitModel other = DigitModel.load(SHIPPED);
        other.close();
        other.close(); // a second close does nothing
        assertThatThrownBy(() -> other.classify(SEVEN)).isInstanceOf(IllegalStateException.class);
        // a blank picture reaches no network: refused all the same
        assertThatThrownBy(() -> other.read(new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.classifyAll(null)).isInstanceOf(NullPointerException.class).hasMessage("images");
    }

    @Test
    void aLargePicturesBoxesAreInItsOwnPixelsThoughItIsReadSmaller() throws Exception {
        BufferedImage number = ImageDecoder.read(Path.of("docs/images/number.png"));
        int width = 3000;
        int height = Math.max(1600, width * number.getHeight() / number.getWidth()); // 4.8 MP: decoded at half size
        BufferedImage large = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = large.createGraphics();
        g.setColor(new java.awt.Color(number.getRGB(0, 0)));
        g.fillRect(0, 0, width, height);
        g.drawImage(number, 0, 0, width, width * number.getHeight() / number.getWidth(), null);
        g.dispose();
        Path file = tmp.resolve("large.png");
        javax.imageio.ImageIO.write(large, "png", file.toFile());
        assertThat(ImageDecoder.read(file).getWidth()).as("decoded subsampled").isEqualTo(width / 2);

        NumberAnswer fromFile = model.read(file);
        NumberAnswer whole = model.read(large);
        assertThat(fromFile.number()).isEqualTo(whole.number()).isEqualTo("95348");
        for (int i = 0; i < whole.digits().size(); i++) {
            NumberAnswer.Piece a = fromFile.digits().get(i), b = whole.digits().get(i);
            assertThat(a.x()).as("left of digit " + i).isCloseTo(b.x(), org.assertj.core.api.Assertions.within(width / 100));
            assertThat(a.width()).as("width of digit " + i).isCloseTo(b.width(), org.assertj.core.api.Assertions.within(width / 100));
            assertThat(a.y() + a.height()).as("bottom of digit " + i).isCloseTo(b.y() + b.height(),
                    org.assertj.core.api.Assertions.within(width / 100));
        }
    }

    @Test
    void aFileInAZipIsReadLikeAnyOther() throws Exception {
        Path zip = tmp.resolve("pictures.zip");
        try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(zip, java.util.Map.of("create", "true"))) {
            Path inside = fs.getPath("seven.png");
            Files.copy(SEVEN, inside);
            assertThat(model.classify(inside).digit()).isEqualTo(model.classify(SEVEN).digit()).isEqualTo(7);
            assertThatThrownBy(() -> model.classify(fs.getPath("none.png"))).isInstanceOf(DigitException.class)
                    .hasMessageContaining("no such file");
        }
    }
}
