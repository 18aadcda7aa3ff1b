package dev.digits.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.digits.api.DigitModel;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.infer.Preprocessor;
import dev.digits.internal.run.RunFolder;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in local[2] on a few hundred PNGs of the MNIST test set and three bad files: one row per
 * file, each answer the one DigitClassifier gives for that file, each bad file an error row.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClassifyJobTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixture-model");
    static final int IMAGES = 300;

    @TempDir
    Path tmp;

    /** The whole-number reader's weights travel with the model (--read checks its pieces against them); reports do not. */
    @Test
    void theBundleHoldsWhatLoadingReadsAndNothingElse() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("model"));
        for (String f : new String[] {"model.json", "model.params", "gate.bin"}) Files.copy(FIXTURE.resolve(f), folder.resolve(f));
        Files.write(folder.resolve("number-net.params"), new byte[] {1, 2, 3});
        Files.writeString(folder.resolve("report.md"), "# a report");
        assertThat(ModelBundle.of(folder).names())
                .containsExactlyInAnyOrder("gate.bin", "model.json", "model.params", "number-net.params");
    }

    @Test
    void everyFileGetsTheClassifiersAnswerOrAnError() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("in/nested"));
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            ImageIO.write(Preprocessor.toImage(test.image(i), 1), "png", input.resolve(String.format("%03d.png", i)).toFile());
        }
        Files.writeString(input.resolve("broken.png"), "not a picture");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", input.resolve("blank.png").toFile());
        Files.write(input.resolve("huge.png"), hugePngHeader());

        ModelBundle bundle = ModelBundle.of(FIXTURE);
        assertThat(bundle.names()).containsExactlyInAnyOrder("gate.bin", "model.json", "model.params");
        Path output = tmp.resolve("out.parquet");
        Path readOutput = tmp.resolve("read.parquet");
        ClassifyJob.Settings settings = new ClassifyJob.Settings(FIXTURE, tmp.resolve("in").toString(), output.toString(), false, null, 0);
        // --read on 30 of them (000.png to 029.png): reading is slower than classifying
        ClassifyJob.Settings reading = new ClassifyJob.Settings(FIXTURE, input.toString(), readOutput.toString(), true, "0[0-2]?.png", 0);
        Map<Path, Row> rows = new HashMap<>();
        Map<Path, Row> read = new HashMap<>();
        try (SparkSession spark = SparkSession.builder().master("local[2]").appName("test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate()) {
            spark.sparkContext().setLogLevel("WARN");
            int loadedBefore = Models.loaded(); // one map for the JVM: other tests in it may have loaded theirs
            assertThat(ClassifyJob.run(spark, bundle, settings)).isEqualTo(new ClassifyJob.Summary(IMAGES + 3, 3));
            assertThat(ClassifyJob.run(spark, bundle, reading)).isEqualTo(new ClassifyJob.Summary(30, 0));
            spark.read().parquet(output.toString()).collectAsList().forEach(r -> rows.put(Path.of(URI.create(r.getAs("path"))), r));
            spark.read().parquet(readOutput.toString()).collectAsList().forEach(r -> read.put(Path.of(URI.create(r.getAs("path"))), r));
            // the executors (threads of this JVM in local mode) shared one loaded model, over both jobs
            assertThat(Models.loaded()).isEqualTo(loadedBefore + 1);
            assertThatThrownBy(() -> ClassifyJob.run(spark, bundle, settings))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
            largePicturesGoFewToAPass(spark, bundle, test);
        }
        assertThat(rows).hasSize(IMAGES + 3);
        assertThat(error(rows.get(input.resolve("broken.png")))).contains("not a readable image");
        assertThat(error(rows.get(input.resolve("blank.png")))).contains("blank");
        assertThat(error(rows.get(input.resolve("huge.png")))).contains("limit");

        try (DigitClassifier reference = DigitClassifier.load(new RunFolder(FIXTURE));
                DigitModel model = DigitModel.load(FIXTURE)) {
            int agree = 0;
            for (int i = 0; i < IMAGES; i++) {
                Path file = input.resolve(String.format("%03d.png", i));
                Row r = rows.get(file);
                Prediction p = reference.classify(Preprocessor.toMnist(ImageDecoder.read(file)));
                assertThat(r.<String>getAs("error")).as(file.toString()).isNull();
                assertThat(r.<Integer>getAs("digit")).as(file.toString()).isEqualTo(p.digit());
                assertThat(r.<Float>getAs("probability")).as(file.toString()).isCloseTo(p.probability(), offset(1e-4f));
                List<Row> top3 = r.getList(r.fieldIndex("top3"));
                assertThat(top3).hasSize(3);
                for (int k = 0; k < 3; k++) {
                    assertThat(top3.get(k).<Float>getAs("probability")).isCloseTo(p.top(3).get(k).probability(), offset(1e-4f));
                }
                assertThat(r.<Boolean>getAs("not_a_digit")).isEqualTo(model.classify(file).notADigit());
                assertThat(r.<String>getAs("number")).isNull();
                if (p.digit() == test.label(i)) agree++;
                Row withNumber = read.get(file);
                if (i < 30) {
                    assertThat(withNumber.<Integer>getAs("digit")).isEqualTo(p.digit());
                    assertThat(withNumber.<String>getAs("number")).as(file.toString()).isEqualTo(model.read(file).number());
                } else {
                    assertThat(withNumber).isNull();
                }
            }
            assertThat(agree).as("the fixture model is right on most of them").isGreaterThan(IMAGES * 8 / 10);
        }
    }

    /** Ten photo-sized pictures: the first pass decodes only as many as {@link ClassifyPartition#CHUNK_PIXELS} holds. */
    private static void largePicturesGoFewToAPass(SparkSession spark, ModelBundle bundle, Mnist test) throws Exception {
        int side = 2048;
        BufferedImage large = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = large.createGraphics();
        g.drawImage(Preprocessor.toImage(test.image(0), 1), side / 4, side / 4, side / 2, side / 2, null);
        g.dispose();
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(large, "png", png);
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("path", "string").add("content", "binary");
        List<Row> files = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            files.add(new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(new Object[] {"large" + i + ".png", png.toByteArray()}, schema));
        }
        int[] taken = {0};
        java.util.Iterator<Row> counted = files.stream().peek(f -> taken[0]++).iterator();
        var broadcast = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bundle);
        java.util.Iterator<Row> rows = new ClassifyPartition(broadcast, false).call(counted);
        assertThat(rows.hasNext()).isTrue();
        assertThat(taken[0]).isEqualTo((int) (ClassifyPartition.CHUNK_PIXELS / ((long) side * side)));
        List<Row> all = new java.util.ArrayList<>();
        rows.forEachRemaining(all::add);
        // the rows as Results makes them, without a schema: path, digit, ..., error last
        assertThat(all).hasSize(10).allSatisfy(r -> assertThat(r.getInt(1)).as(r.toString()).isEqualTo(test.label(0)));
    }

    private static String error(Row r) {
        assertThat(r.<Integer>getAs("digit")).isNull();
        return r.getAs("error");
    }

    /** A PNG whose header says 100000 x 100000 pixels: refused from the header, never decoded. */
    private static byte[] hugePngHeader() {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                0, 1, (byte) 0x86, (byte) 0xa0, 0, 1, (byte) 0x86, (byte) 0xa0, 8, 0, 0, 0, 0, 0, 0, 0, 0};
    }

    @Test
    void theLastLineGivesASlowRateItsFractionAndAFastOneWholeImages() {
        assertThat(ClassifyJob.summaryLine(new ClassifyJob.Summary(3, 1), "out.parquet", 17.2))
                .isEqualTo("wrote 3 rows (1 errors) to out.parquet in 17.2 s: 0.17 images/s");
        assertThat(ClassifyJob.summaryLine(new ClassifyJob.Summary(20_000, 0), "out.parquet", 8))
                .isEqualTo("wrote 20,000 rows (0 errors) to out.parquet in 8.0 s: 2,500 images/s");
    }
}
