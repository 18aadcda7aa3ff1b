package dev.digits.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.run.EpochRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The claims' reading from given accuracies (made up here: the statistics, not training, are under test). */
class SummaryTest {

    static RunResult run(String variant, long seed, double... valThenTest) {
        List<EpochRow> rows = new ArrayList<>();
        for (int e = 0; e < valThenTest.length / 2; e++) {
            rows.add(new EpochRow(e + 1, 0.1, 99, 0.1, valThenTest[2 * e], 0.1, valThenTest[2 * e + 1], 1e-3, 10, 10 * (e + 1)));
        }
        return new RunResult(variant, seed, rows, 10.0 * rows.size());
    }

    static List<RunResult> runs(String variant, double... finalTests) {
        List<RunResult> r = new ArrayList<>();
        for (int i = 0; i < finalTests.length; i++) r.add(run(variant, 42 + i, 98, 98, 99.1, finalTests[i]));
        return r;
    }

    static Summary.Reading read(double[] a, double[] b) {
        List<RunResult> all = new ArrayList<>(runs("a", a));
        all.addAll(runs("b", b));
        return Summary.read(new Claim("a beats b", "a", "b"), all);
    }

    @Test
    void welchsTestReadsAClaimAsSupportedNotSupportedOrNotDistinguishable() {
        Summary.Reading clear = read(new double[] {99.4, 99.5, 99.45}, new double[] {98.9, 99.0, 98.95});
        assertThat(clear.verdict()).isEqualTo(Summary.Verdict.SUPPORTED);
        assertThat(clear.p()).isLessThan(Summary.ALPHA);
        assertThat(clear.detail()).contains("Welch's t-test", "a 99.45 ± 0.05 vs b 98.95 ± 0.05");
        assertThat(read(new double[] {98.9, 99.0, 98.95}, new double[] {99.4, 99.5, 99.45}).verdict())
                .isEqualTo(Summary.Verdict.NOT_SUPPORTED);
        assertThat(read(new double[] {99.0, 99.4, 99.2}, new double[] {99.1, 99.3, 99.0}).verdict())
                .isEqualTo(Summary.Verdict.NOT_DISTINGUISHABLE);
        Summary.Reading one = read(new double[] {99.9}, new double[] {90.0});
        assertThat(one.verdict()).isEqualTo(Summary.Verdict.NOT_DISTINGUISHABLE);
        assertThat(one.detail()).contains("needs at least 2 runs of each");
    }

    @Test
    void aRunsMeasuresComeFromItsEpochs() {
        RunResult r = run("a", 42, 98.5, 98.4, 99.2, 99.0, 99.1, 99.3);
        assertThat(r.finalTest()).isEqualTo(99.3);
        assertThat(r.bestValidation()).isEqualTo(99.2);
        assertThat(r.epochsToTarget()).isEqualTo(2);
        assertThat(run("a", 42, 98.5, 98.4).epochsToTarget()).isZero();
        assertThat(Summary.csv(List.of(r))).isEqualTo("variant,seed,final_test_accuracy,best_validation_accuracy,"
                + "epochs_to_99_validation,train_seconds,epochs\na,42,99.30,99.20,2,30.0,3\n");
    }
}
