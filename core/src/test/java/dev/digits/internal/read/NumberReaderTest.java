package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whole numbers read with the fixture model and its gate (src/test/resources/fixture-model/gate.bin). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NumberReaderTest {

    static final RunFolder FIXTURE = new RunFolder(Path.of("src/test/resources/fixture-model"));

    static DigitClassifier classifier;
    static NumberReader reader;
    static Mnist test;

    @BeforeAll
    static void load() {
        classifier = DigitClassifier.load(FIXTURE, Weights.MODEL, 1);
        reader = NumberReader.of(classifier, DigitGate.of(FIXTURE));
        test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(20);
    }

    @AfterAll
    static void close() {
        if (classifier != null) classifier.close();
    }

    @Test
    void theFixtureModelHasAGate() {
        assertThat(DigitGate.of(FIXTURE).measuresDistance()).isTrue();
    }

    @Test
    void readsThreeSeparatedDigitsLeftToRightWithBoxesOnUnevenPaper() {
        // test images 0, 1, 2 are 7, 2, 1
        BufferedImage img = Pictures.number(test, new int[] {0, 1, 2}, 4, 130, true);
        Reading r = reader.read(img);
        assertThat(r.number()).isEqualTo("721");
        assertThat(r.complete()).isTrue();
        assertThat(r.digits()).allSatisfy(d -> {
            assertThat(d.probability()).isGreaterThan(0.5f);
            assertThat(d.reason()).isNull();
        });
        // the boxes are where the digits were put: 130 px apart, from x = 20
        for (int k = 0; k < 3; k++) {
            Box b = r.digits().get(k).box();
            assertThat(b.x()).isBetween(20 + 130 * k, 20 + 130 * k + 112);
        }
    }

    @Test
    void readsLightInkOnDarkPaperAndDigitsThatTouch() {
        // test images 3, 4 are 0, 4: apart, then moved together until their ink touches
        BufferedImage apart = Pictures.number(test, new int[] {3, 4}, 3, 90, false);
        assertThat(reader.read(apart).number()).isEqualTo("04");
        int step = 90;
        BufferedImage touching = apart;
        while (Components.of(InkMap.of(touching)).blobs().size() > 1) {
            touching = Pictures.number(test, new int[] {3, 4}, 3, --step, false);
        }
        assertThat(step).isGreaterThan(40);
        assertThat(reader.read(touching).number()).isEqualTo("04");
    }

    @Test
    void readsTwoLinesOfDigitsEachInItsOwnOrder() {
        // 7, 2, 1 above 0, 4, 9, 6 (test images 3, 4, 7, 11), the lower line moved half a step right
        // so that its centres fall between the upper line's: read by centres alone, they interleave
        Reading r = reader.read(Pictures.lines(test, new int[] {0, 1, 2}, new int[] {3, 4, 7, 11}, 3, 100, 50));
        int middle = 20 + 28 * 3 + 10;
        assertThat(r.number()).isEqualTo("721 0496");
        assertThat(r.digits()).extracting(ReadDigit::digit).containsExactly(7, 2, 1, 0, 4, 9, 6);
        assertThat(r.digits().subList(0, 3)).allSatisfy(d -> assertThat(d.box().bottom()).isLessThan(middle));
        assertThat(r.digits().subList(3, 7)).allSatisfy(d -> assertThat(d.box().y()).isGreaterThan(middle));
    }

    @Test
    void aFiveWhoseFlagIsWrittenApartAboveItIsOneDigitNotTwoLines() {
        // test image 1131 is a 5 whose flag is a stroke of its own, above the body and sharing
        // almost none of its rows: a line of its own, it read "? 5"
        Mnist all = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        BufferedImage five = Pictures.number(all, new int[] {1131}, 3, 0, true);
        assertThat(Components.of(InkMap.of(five)).blobs()).hasSizeGreaterThan(1);
        Reading r = reader.read(five);
        assertThat(r.number()).doesNotContain(" ").hasSize(1);
    }

    @Test
    void cutsTwoOnesThatTouchThoughThePairIsNarrowerThanADigit() {
        // test images 2 and 5 are both 1s: moved together until their ink touches, the pair is no
        // wider than the typical digit (0.6 of the height for a lone group), so width alone never suspects it
        BufferedImage touching = null;
        for (int step = 60; step > 5; step--) {
            touching = Pictures.number(test, new int[] {2, 5}, 3, step, false);
            if (Components.of(InkMap.of(touching)).blobs().size() == 1) break;
        }
        Components.Blob pair = Components.of(InkMap.of(touching)).blobs().get(0);
        assertThat(Components.of(InkMap.of(touching)).blobs()).hasSize(1);
        assertThat(pair.width()).isLessThan((int) (Splitter.WIDER * 0.6 * pair.height()));
        assertThat(reader.read(touching).number()).isEqualTo("11");
    }

    @Test
    void cutsDigitsThatTouchEvenWhenThickInkFillsTheirBox() {
        // 0 and 4 moved together until they touch, then every stroke thickened (a 3x3 maximum,
        // three times): ink covers over half the pair's box, which once stopped the cut as a "blot"
        BufferedImage touching = null;
        for (int step = 80; step > 30; step--) {
            touching = thicker(thicker(thicker(Pictures.number(test, new int[] {3, 4}, 3, step, false))));
            if (Components.of(InkMap.of(touching)).blobs().size() == 1) break;
        }
        Components c = Components.of(InkMap.of(touching));
        assertThat(c.blobs()).hasSize(1);
        Components.Blob pair = c.blobs().get(0);
        assertThat(pair.area()).isGreaterThan(pair.width() * pair.height() / 2);
        assertThat(reader.read(touching).number()).isEqualTo("04");
    }

    @Test
    void joinsADigitWhoseInkBrokeIntoTwoArcs() {
        // test image 3 is a 0; a paper-coloured strip down its middle leaves two tall arcs
        BufferedImage zero = Pictures.number(test, new int[] {3}, 4, 0, false);
        int mid = 20 + 14 * 4;
        for (int y = 0; y < zero.getHeight(); y++) {
            for (int x = mid - 2; x < mid + 2; x++) zero.getRaster().setSample(x, y, 0, 30);
        }
        assertThat(Components.of(InkMap.of(zero)).blobs()).hasSize(2);
        assertThat(reader.read(zero).number()).isEqualTo("0");
    }

    @Test
    void readsANumberWhoseUnderlineTouchesItsDigits() {
        // 7, 2, 1 on light paper, and a dark line through the bottom of all three
        BufferedImage img = Pictures.number(test, new int[] {0, 1, 2}, 3, 90, true);
        for (int y = 84; y < 89; y++) {
            for (int x = 15; x < img.getWidth() - 15; x++) img.getRaster().setSample(x, y, 0, 20);
        }
        assertThat(Components.of(InkMap.of(img)).blobs()).hasSize(1);
        assertThat(reader.read(img).number()).isEqualTo("721");
    }

    /** Each pixel the brightest of its 3x3 neighbourhood: light strokes one pixel thicker all round. */
    private static BufferedImage thicker(BufferedImage in) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < in.getHeight(); y++) {
            for (int x = 0; x < in.getWidth(); x++) {
                int max = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.max(0, Math.min(in.getWidth() - 1, x + dx));
                        int yy = Math.max(0, Math.min(in.getHeight() - 1, y + dy));
                        max = Math.max(max, in.getRaster().getSample(xx, yy, 0));
                    }
                }
                out.getRaster().setSample(x, y, 0, max);
            }
        }
        return out;
    }

    @Test
    void noiseIsNotADigitAndABlankPictureHasNone() {
        BufferedImage noise = new BufferedImage(120, 120, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(3);
        for (int y = 20; y < 100; y++) {
            for (int x = 20; x < 100; x++) noise.getRaster().setSample(x, y, 0, random.nextInt(2) * 255);
        }
        Reading r = reader.read(noise);
        assertThat(r.digits()).isNotEmpty();
        assertThat(r.digits()).allSatisfy(d -> {
            assertThat(d.notADigit()).isTrue();
            assertThat(d.reason()).isNotNull();
        });
        assertThat(r.number()).matches("\\?+");

        BufferedImage blank = new BufferedImage(80, 60, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(reader.read(blank).number()).isEmpty();
        assertThat(reader.read(blank).complete()).isFalse();
    }

    @Test
    void itsCandidatesAreTheDigitsItReadsAndTheHalvesOfTheirCuts() {
        BufferedImage img = Pictures.number(test, new int[] {0, 1, 2}, 4, 130, true);
        java.util.List<NumberReader.Candidate> candidates = NumberReader.candidates(img);
        // each digit read is a candidate, whole
        for (ReadDigit d : reader.read(img).digits()) {
            assertThat(candidates).anySatisfy(c -> assertThat(c.box()).isEqualTo(d.box()));
        }
        // and the halves of the cuts through the wider ones: narrower than any digit read
        int narrowest = reader.read(img).digits().stream().mapToInt(d -> d.box().width()).min().orElseThrow();
        assertThat(candidates).hasSizeGreaterThan(3).anySatisfy(c -> assertThat(c.box().width()).isLessThan(narrowest));
        assertThat(candidates).allSatisfy(c -> {
            assertThat(c.input()).hasSize(28 * 28);
            assertThat(c.pixels()).isNotEmpty();
        });
    }
}
