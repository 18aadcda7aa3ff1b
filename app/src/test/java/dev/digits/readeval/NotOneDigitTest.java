package dev.digits.readeval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Dataset;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NotOneDigitTest {

    private static final Mnist TRAIN = Dataset.MNIST.load(Mnist.Split.TRAIN).head(200);

    /** The ink's columns: {first, last}. */
    private static int[] inkColumns(BufferedImage img) {
        int x0 = Integer.MAX_VALUE, x1 = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRaster().getSample(x, y, 0) > 30) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                }
            }
        }
        return new int[] {x0, x1};
    }

    @Test
    void aPieceKeepsPartOfItsDigitsWidth() {
        Random r = new Random(3);
        for (int i = 0; i < 50; i++) {
            byte[] digit = TRAIN.image(i);
            BufferedImage whole = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) whole.getRaster().setSample(p % 28, p / 28, 0, digit[p] & 0xff);
            int[] w = inkColumns(whole);
            int[] piece = inkColumns(NotOneDigit.piece(digit, r));
            int width = w[1] - w[0] + 1;
            assertThat(piece[1] - piece[0] + 1).isLessThanOrEqualTo((int) Math.ceil(0.6 * width) + 1);
            assertThat(piece[0]).isGreaterThanOrEqualTo(w[0]);
            assertThat(piece[1]).isLessThanOrEqualTo(w[1]);
        }
    }

    @Test
    void aGroupIsWiderThanOneDigit() {
        Random r = new Random(4);
        for (int i = 0; i < 20; i++) {
            int[] two = inkColumns(NotOneDigit.group(TRAIN, 2, r));
            int[] three = inkColumns(NotOneDigit.group(TRAIN, 3, r));
            // each digit starts 12 to 20 columns after the one before: even 1s side by side spread so far
            assertThat(two[1] - two[0] + 1).isGreaterThan(12);
            assertThat(three[1] - three[0] + 1).isGreaterThan(24);
        }
    }

    @Test
    void theSetHoldsEveryKindPreparedAsTheReaderPreparesAPicture() {
        List<byte[]> set = NotOneDigit.make(TRAIN, 5, 10, 7);
        // 832 letters, 15 scribbles, shapes and noise pictures (some noise may have no ink), 10 pieces, 10 pairs, 5 trios
        assertThat(set.size()).isBetween(832 + 12 + 25, 832 + 15 + 25);
        assertThat(set).allSatisfy(x -> assertThat(x).hasSize(784));
        assertThat(NotOneDigit.make(TRAIN, 5, 10, 7)).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(set);
    }

    @Test
    void theMovedLettersAreManyDifferentCopiesMadeAgainFromTheSeed() {
        List<byte[]> moved = NotOneDigit.movedLetters(7);
        assertThat(moved.size()).isBetween(832 * NotOneDigit.MOVED_LETTERS - 20, 832 * NotOneDigit.MOVED_LETTERS);
        assertThat(moved).allSatisfy(x -> assertThat(x).hasSize(784));
        // drawn at random and moved: hardly two alike, and none a printed letter as it is
        assertThat(moved.stream().map(java.util.Arrays::hashCode).distinct().count()).isGreaterThan(moved.size() * 99L / 100);
        java.util.Set<Integer> printed = new java.util.HashSet<>();
        for (byte[] letter : NotOneDigit.make(TRAIN, 0, 0, 7)) printed.add(java.util.Arrays.hashCode(letter));
        assertThat(moved.stream().filter(x -> printed.contains(java.util.Arrays.hashCode(x))).count()).isLessThan(10);
        assertThat(NotOneDigit.movedLetters(7)).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(moved);
    }
}
