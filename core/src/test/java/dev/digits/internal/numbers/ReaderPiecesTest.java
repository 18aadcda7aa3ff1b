package dev.digits.internal.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Evaluation;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.read.Box;
import dev.digits.internal.read.NumberReader;
import dev.digits.internal.run.RunFolder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Written numbers know where each digit's ink is, and the reader's pieces of them are labelled by it. */
class ReaderPiecesTest {

    @Test
    void eachPixelKnowsWhichDigitsInkItIs() {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        for (NumberSet.Item item : NumberSet.make(test, 10, 7)) {
            int w = item.image().getWidth();
            assertThat(item.owner()).hasSize(w * item.image().getHeight());
            Box[] boxes = ReaderPieces.boxes(item.owner(), w, item.label().length());
            assertThat(Arrays.stream(item.owner()).filter(k -> k >= 0).distinct().count()).isEqualTo(item.label().length());
            for (int k = 1; k < boxes.length; k++) {
                assertThat(boxes[k].centreX()).as(item.label()).isGreaterThan(boxes[k - 1].centreX());
                if (!item.touching()) assertThat(boxes[k].x()).as(item.label()).isGreaterThanOrEqualTo(boxes[k - 1].right() - 2);
            }
        }
    }

    @Test
    void aPieceIsOneDigitWhenItHoldsAllOfOneDigitsInkAndNoOtherInk() {
        // two digits side by side: 0 owns columns 0-9, 1 owns columns 10-19, rows 0-9
        int w = 20;
        int[] owner = new int[w * 10];
        for (int i = 0; i < owner.length; i++) owner[i] = i % w < 10 ? 0 : 1;
        Box[] truth = ReaderPieces.boxes(owner, w, 2);
        assertThat(ReaderPieces.digit(piece(0, 10, w), owner, w, truth)).isEqualTo(0); // the first digit, whole
        assertThat(ReaderPieces.digit(piece(10, 20, w), owner, w, truth)).isEqualTo(1); // the second
        assertThat(ReaderPieces.digit(piece(0, 5, w), owner, w, truth)).isEqualTo(ReaderPieces.NOT_ONE); // half a digit
        assertThat(ReaderPieces.digit(piece(0, 20, w), owner, w, truth)).isEqualTo(ReaderPieces.NOT_ONE); // both
        assertThat(ReaderPieces.digit(piece(0, 11, w), owner, w, truth)).isEqualTo(ReaderPieces.NEITHER); // one and a sliver
    }

    /** The candidate of columns [x0, x1) of all ten rows. */
    private static NumberReader.Candidate piece(int x0, int x1, int w) {
        int[] pixels = IntStream.range(0, 10 * w).filter(i -> i % w >= x0 && i % w < x1).toArray();
        return new NumberReader.Candidate(new Box(x0, 0, x1 - x0, 10), pixels, new byte[784]);
    }

    @Test
    void theMaterialCutOutOfWrittenNumbersIsTheirWholeDigitsLabelledAndEverySeventhWrongPieceTheSameEachTime() throws Exception {
        Mnist train = Mnist.load(Mnist.BUNDLED, Mnist.Split.TRAIN).head(2000);
        ReaderPieces.Labelled pieces = ReaderPieces.make(train, 70, 7);
        Mnist material = ReaderPieces.material(train, 70, 7); // cut on all cores, 64 numbers at a time
        int digits = pieces.digits().size();
        assertThat(digits).isGreaterThan(140); // 70 numbers of 2-6 digits
        assertThat(Arrays.copyOf(material.labels(), digits)).isEqualTo(pieces.labels());
        for (int i = 0; i < digits; i++) assertThat(material.image(i)).isEqualTo(pieces.digits().get(i));
        int none = material.size() - digits;
        assertThat(none).isBetween(pieces.others().size() / ReaderPieces.OTHERS_EVERY, pieces.others().size() / ReaderPieces.OTHERS_EVERY + 70);
        for (int i = digits; i < material.size(); i++) assertThat(material.label(i)).isEqualTo(Mnist.NONE);
        Mnist again = ReaderPieces.material(train, 70, 7);
        assertThat(again.images()).isEqualTo(material.images());
        assertThat(again.labels()).isEqualTo(material.labels());
        // the labels belong to the pictures: the shipped model reads most digits as labelled (94% of 9,901 test digits)
        try (DigitClassifier c = DigitClassifier.load(new RunFolder(Path.of("models/default")))) {
            assertThat(Evaluation.of(c, material.head(digits)).accuracy()).isGreaterThan(85);
        }
    }
}
