package dev.digits.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    /** {@code n} answers at {@code confidence}, the first {@code right} of them right. */
    private static void add(List<Float> confidence, List<Boolean> correct, int n, float c,
            int right) {
        for (int i = 0; i < n; i++) {
            confidence.add(c);
            correct.add(i < right);
        }
    }

    private static Calibration of(List<Float> confidence, List<Boolean> correct) {
        float[] c = new float[confidence.size()];
        boolean[] r = new boolean[correct.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = confidence.get(i);
            r[i] = correct.get(i);
        }
        return Calibration.of(c, r, Calibration.BINS);
    }

    @Test
    void aPerfectlyCalibratedModelHasNoError() {
        List<Float> confidence = new ArrayList<>();
        List<Boolean> correct = new ArrayList<>();
        add(confidence, correct, 10, 0.8f, 8);   // 80% sure, 80% right
        add(confidence, correct, 4, 0.5f, 2);    // 50% sure, 50% right
        add(confidence, correct, 5, 1.0f, 5);    // sure, and right
        Calibration c = of(confidence, correct);
        assertThat(c.ece()).isCloseTo(0, within(1e-4));
        assertThat(c.total()).isEqualTo(19);
        assertThat(c.bins()).hasSize(15);
        assertThat(c.bins().stream().filter(b -> b.count() > 0)).hasSize(3);
    }

    @Test
    void theErrorIsTheImageWeightedMeanGap() {
        List<Float> confidence = new ArrayList<>();
        List<Boolean> correct = new ArrayList<>();
        add(confidence, correct, 4, 0.95f, 3); // 95% sure, 75% right: 20 points overconfident
        add(confidence, correct, 6, 0.55f, 3); // 55% sure, 50% right: 5 points overconfident
        Calibration c = of(confidence, correct);
        // 4/10 * 20 + 6/10 * 5
        assertThat(c.ece()).isCloseTo(11.0, within(1e-4));

        Calibration.Bin top = c.bins().get(14);
        assertThat(top.lower()).isCloseTo(100.0 * 14 / 15, within(1e-9));
        assertThat(top.upper()).isEqualTo(100.0);
        assertThat(top.count()).isEqualTo(4);
        assertThat(top.accuracy()).isEqualTo(75.0);
        assertThat(top.confidence()).isCloseTo(95.0, within(1e-4));
        assertThat(top.gap()).isCloseTo(-20.0, within(1e-4));
        // 0.55 * 15 = 8.25: bin 8, (53.3%, 60%]
        assertThat(c.bins().get(8).count()).isEqualTo(6);
        assertThat(c.bins().get(0).count()).isZero();
        assertThat(c.bins().get(0).accuracy()).isNaN();
        assertThat(c.summary()).contains("ECE) 11.00%", "15 equal-width confidence bins",
                "10 clean test images");
    }

    @Test
    void binsIncludeTheirUpperEdgeAndZeroIsInTheFirst() {
        Calibration c = Calibration.of(new float[] {1f, 0f, 0.5f}, new boolean[] {true, false,
            true}, 2);
        assertThat(c.bins().get(0).count()).as("0 and 0.5").isEqualTo(2);
        assertThat(c.bins().get(1).count()).as("1").isEqualTo(1);
        // bin 0: confidence 25%, accuracy 50%; bin 1: 100% and 100%
        assertThat(c.ece()).isCloseTo(2.0 / 3 * 25, within(1e-9));
    }

    @Test
    void anEvaluationIsReadAsItsAnswers() {
        Evaluation e = new Evaluation(0.1, 50, new int[] {3, 4, 5, 6},
                new float[] {0.9f, 0.9f, 0.3f, 0.3f}, new byte[] {3, 4, 0, 0});
        Calibration c = Calibration.of(e);
        // 0.9 sure and right twice (10 points under), 0.3 sure and wrong twice (30 over)
        assertThat(c.ece()).isCloseTo(0.5 * 10 + 0.5 * 30, within(1e-4));
        assertThat(Calibration.of(new float[0], new boolean[0], 15).ece()).isNaN();
        assertThatThrownBy(() -> Calibration.of(new float[] {1.5f}, new boolean[] {true}, 15))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    }
}
