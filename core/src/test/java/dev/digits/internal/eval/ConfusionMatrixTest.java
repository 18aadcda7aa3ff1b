package dev.digits.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    /**
     * 0: 3 right, 1 taken for 1. 1: 2 right, 2 taken for 0. 2: 4 right, 2 taken for 1.
     * 3: both taken for 5. 5: 1 right. 17 in all, 10 right.
     */
    static ConfusionMatrix example() {
        ConfusionMatrix m = new ConfusionMatrix();
        add(m, 0, 0, 3);
        add(m, 0, 1, 1);
        add(m, 1, 1, 2);
        add(m, 1, 0, 2);
        add(m, 2, 2, 4);
        add(m, 2, 1, 2);
        add(m, 3, 5, 2);
        add(m, 5, 5, 1);
        return m;
    }

    private static void add(ConfusionMatrix m, int truth, int predicted, int times) {
        for (int i = 0; i < times; i++) {
            m.add(truth, predicted);
        }
    }

    @Test
    void totalsAndDiagonal() {
        ConfusionMatrix m = example();
        assertThat(m.total()).isEqualTo(17);
        assertThat(m.correct()).isEqualTo(10);
        assertThat(m.accuracy()).as("percent").isCloseTo(100 * 10 / 17.0, within(1e-12));
        int[][] c = m.counts();
        assertThat(c[1][0]).isEqualTo(2);
        assertThat(c[3][5]).isEqualTo(2);
        int diagonal = 0;
        for (int d = 0; d < 10; d++) {
            diagonal += c[d][d];
        }
        assertThat(diagonal).isEqualTo(m.correct());
        assertThat(new ConfusionMatrix().accuracy()).isNaN();
    }

    @Test
    void countsIsACopy() {
        ConfusionMatrix m = example();
        m.counts()[0][0] = 1000;
        assertThat(m.counts()[0][0]).isEqualTo(3);
        assertThat(ConfusionMatrix.of(m.counts()).counts()).isDeepEqualTo(m.counts());
    }

    @Test
    void precisionRecallF1ByHand() {
        List<ClassMetrics> rows = example().perClass();
        assertThat(rows).hasSize(10);
        expect(rows.get(0), 0, 3 / 5.0, 3 / 4.0, 2 / 3.0, 4);
        expect(rows.get(1), 1, 2 / 5.0, 2 / 4.0, 4 / 9.0, 4);
        expect(rows.get(2), 2, 1.0, 4 / 6.0, 0.8, 6);
        expect(rows.get(3), 3, 0, 0, 0, 2);
        expect(rows.get(4), 4, 0, 0, 0, 0);
        expect(rows.get(5), 5, 1 / 3.0, 1.0, 0.5, 1);
    }

    private static void expect(ClassMetrics m, int digit, double precision, double recall,
            double f1, int support) {
        assertThat(m.digit()).isEqualTo(digit);
        assertThat(m.precision()).as("precision of %d", digit).isCloseTo(precision, within(1e-9));
        assertThat(m.recall()).as("recall of %d", digit).isCloseTo(recall, within(1e-9));
        assertThat(m.f1()).as("F1 of %d", digit).isCloseTo(f1, within(1e-9));
        assertThat(m.support()).isEqualTo(support);
    }

    @Test
    void mostConfusedIsByCountThenTruthThenPrediction() {
        ConfusionMatrix m = example();
        assertThat(m.mostConfused(10)).containsExactly(
                new ConfusedPair(1, 0, 2),
                new ConfusedPair(2, 1, 2),
                new ConfusedPair(3, 5, 2),
                new ConfusedPair(0, 1, 1));
        assertThat(m.mostConfused(2)).containsExactly(
                new ConfusedPair(1, 0, 2), new ConfusedPair(2, 1, 2));
        assertThat(m.mostConfused(0)).isEmpty();
        ConfusionMatrix perfect = new ConfusionMatrix();
        add(perfect, 7, 7, 5);
        assertThat(perfect.mostConfused(10)).isEmpty();
    }

    @Test
    void tableHasAHeaderAndARowPerDigit() {
        String table = example().toTable();
        String[] lines = table.split("\n");
        assertThat(lines).hasSize(11);
        assertThat(lines[0]).startsWith("true\\pred").endsWith("9");
        assertThat(lines[1].trim().split("\\s+")).containsExactly(
                "0", "3", "1", "0", "0", "0", "0", "0", "0", "0", "0");
        assertThat(lines[4].trim().split("\\s+")).containsExactly(
                "3", "0", "0", "0", "0", "0", "2", "0", "0", "0", "0");
        assertThat(lines).allSatisfy(l -> assertThat(l).hasSameSizeAs(lines[0]));
    }

    @Test
    void rejectsOutOfRange() {
        ConfusionMatrix m = new ConfusionMatrix();
        assertThatThrownBy(() -> m.add(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.add(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[9][10]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.mostConfused(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
