package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.infer.Prediction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTest {

    /**
     * Two feature maps of one and two channels; the probe's two hidden units read the second
     * channel of the second map, standardised, one each way: z = -1 + 3 relu(s) + 0.5 relu(-s).
     */
    private static final Probe PROBE = new Probe(new float[] {0, 0, 1}, new float[] {1, 1, 2},
            new float[][] {{0, 0, 1}, {0, 0, -1}}, new float[] {0, 0}, new float[] {3, 0.5f}, -1, 0.9);

    private static DigitGate.Statistics statistics(Probe probe) {
        DigitGate.Layer layer = new DigitGate.Layer(new float[][] {{0, 0}, {5, 5}}, new float[][] {{1, 0}, {0, 1}}, 1);
        return new DigitGate.Statistics(List.of(layer), 3, probe);
    }

    @Test
    void theScoreIsTheLogisticOfTheStandardisedFeatures() {
        // s = (3 - 1) / 2 = 1: z = -1 + 3
        assertThat(PROBE.notADigit(new float[][] {{7}, {0, 3}})).isCloseTo(1 / (1 + Math.exp(-2)), org.assertj.core.data.Offset.offset(1e-6));
        // s = -2: z = -1 + 0.5 * 2
        assertThat(PROBE.notADigit(new float[][] {{7}, {0, -3}})).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
        // s = 0: z = -1
        assertThat(PROBE.notADigit(new float[][] {{7}, {0, 1}})).isCloseTo(1 / (1 + Math.exp(1)), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void featuresOfAnotherModelAreRefused() {
        assertThatThrownBy(() -> PROBE.notADigit(new float[][] {{1, 2}, {3, 4}}))
                .hasMessageContaining("4 features, the gate's probe 3");
    }

    @Test
    void theProbeRejectsWhatTheDistanceLetsThrough() {
        DigitGate gate = new DigitGate(statistics(PROBE));
        Prediction sure = Prediction.fromLogits(new float[] {10, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0);
        // near class 0's mean in the last map, and a low score
        DigitGate.Verdict digit = gate.judge(new float[][] {{0}, {0.5f, 0.5f}}, sure);
        assertThat(digit.digit()).isTrue();
        assertThat(digit.score()).isLessThan(0.9);
        // near class 1's mean, but the probe's feature is high: unlike a digit, with its score
        DigitGate.Verdict other = gate.judge(new float[][] {{0}, {5, 5.5f}}, sure);
        assertThat(other.distance()).isLessThan(3);
        assertThat(other.digit()).isFalse();
        assertThat(other.reason()).isEqualTo(DigitGate.Reason.UNLIKE_A_DIGIT);
        assertThat(other.score()).isGreaterThan(0.9);
    }

    @Test
    void inANumberAPieceFarFromTheTrainingDigitsIsRejectedOnlyWhenTheProbeLeansThatWayToo() {
        DigitGate gate = new DigitGate(statistics(PROBE.withThreshold(0.99)));
        Prediction sure = Prediction.fromLogits(new float[] {10, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0);
        // 5 from the nearest class mean (the limit is 3), and a score of 0.29
        float[][] farButDigitLike = {{0}, {-5, 0.5f}};
        assertThat(gate.judge(farButDigitLike, sure).reason()).isEqualTo(DigitGate.Reason.FAR_FROM_TRAINING_DATA);
        assertThat(gate.judge(farButDigitLike, sure, DigitGate.Context.IN_A_NUMBER).digit()).isTrue();
        // 6.4 away, and a score of 0.97: under the probe's own threshold, over the number's
        float[][] farAndOdd = {{0}, {-5, 4}};
        DigitGate.Verdict v = gate.judge(farAndOdd, sure, DigitGate.Context.IN_A_NUMBER);
        assertThat(v.score()).isBetween(DigitGate.NUMBER_SCORE, 0.99);
        assertThat(v.reason()).isEqualTo(DigitGate.Reason.FAR_FROM_TRAINING_DATA);
    }

    @Test
    void aGateFileKeepsItsProbe() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        statistics(PROBE).write(out);
        DigitGate.Statistics back = DigitGate.Statistics.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back.maxDistance()).isEqualTo(3);
        assertThat(back.probe().hidden()).isDeepEqualTo(new float[][] {{0, 0, 1}, {0, 0, -1}});
        assertThat(back.probe().hiddenBias()).containsExactly(0, 0);
        assertThat(back.probe().out()).containsExactly(3, 0.5f);
        assertThat(back.probe().mean()).containsExactly(0, 0, 1);
        assertThat(back.probe().scale()).containsExactly(1, 1, 2);
        assertThat(back.probe().outBias()).isEqualTo(-1);
        assertThat(back.probe().threshold()).isEqualTo(0.9);
    }

    @Test
    void aGateFileWithoutAProbeStillReadsAndJudgesByDistanceAndConfidence() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        statistics(null).write(out);
        DigitGate gate = new DigitGate(DigitGate.Statistics.read(new ByteArrayInputStream(out.toByteArray())));
        assertThat(gate.statistics().probe()).isNull();
        Prediction sure = Prediction.fromLogits(new float[] {10, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0);
        DigitGate.Verdict v = gate.judge(new float[][] {{0}, {5, 5.5f}}, sure);
        assertThat(v.digit()).isTrue();
        assertThat(v.score()).isNaN();
    }

    @Test
    void theLogOddsAreTheScoreBeforeTheSigmoid() {
        float[][] f = {{7}, {0, 3}};
        assertThat(PROBE.logOdds(f)).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(1 / (1 + Math.exp(-PROBE.logOdds(f)))).isEqualTo(PROBE.notADigit(f));
        assertThat(PROBE.thresholdLogOdds()).isCloseTo(Math.log(9), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aGateFileKeepsItsPiecesProbeAndOlderFilesHaveNone() throws IOException {
        Probe pieces = PROBE.withThreshold(0.7);
        DigitGate.Layer layer = statistics(null).layers().get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DigitGate.Statistics(List.of(layer), 3, PROBE, pieces).write(out);
        byte[] bytes = out.toByteArray();
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GAT3");
        DigitGate.Statistics back = DigitGate.Statistics.read(new ByteArrayInputStream(bytes));
        assertThat(back.probe().threshold()).isEqualTo(0.9);
        assertThat(back.pieces().threshold()).isEqualTo(0.7);
        assertThat(back.pieces().hidden()).isDeepEqualTo(PROBE.hidden());

        ByteArrayOutputStream older = new ByteArrayOutputStream();
        statistics(PROBE).write(older);
        assertThat(new String(older.toByteArray(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GAT2");
        assertThat(DigitGate.Statistics.read(new ByteArrayInputStream(older.toByteArray())).pieces()).isNull();
        assertThatThrownBy(() -> new DigitGate.Statistics(List.of(layer), 3, null, pieces))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
