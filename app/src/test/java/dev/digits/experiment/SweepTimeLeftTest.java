package dev.digits.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress line's "time left": deeper networks are expected to take longer before they run. */
class SweepTimeLeftTest {

    @Test
    void aVariantNotYetRunIsEstimatedByItsWorkAndARunVariantByItsOwnTime() {
        Plan plan = PlanTest.settings(Experiment.DEPTH, List.of()).plan();
        Variant plain1 = PlanTest.variant(plan, "plain-1"), plain8 = PlanTest.variant(plan, "plain-8");
        List<Sweep.Cell> left = new ArrayList<>(List.of(new Sweep.Cell(plain8, 42)));
        Map<Variant, List<Double>> seconds = new HashMap<>();
        assertThat(Sweep.timeLeft(left, seconds)).isEqualTo("estimated after the first run");

        seconds.put(plain1, List.of(100.0));
        double ratio = Sweep.work(plain8) / Sweep.work(plain1);
        assertThat(ratio).as("8 blocks a stage against 1").isBetween(9.0, 11.0);
        assertThat(Sweep.timeLeft(left, seconds)).isEqualTo(String.format("about %d min", Math.round(100 * ratio / 60)));

        // two works: a line through them, its intercept the fixed part of every run
        Variant plain2 = PlanTest.variant(plan, "plain-2");
        seconds.put(plain2, List.of(100.0 + 50.0 * (Sweep.work(plain2) / Sweep.work(plain1) - 1)));
        // so seconds = 50 + 50 * work / work(plain-1)
        double expected = 50 + 50 * Sweep.work(plain8) / Sweep.work(plain1);
        assertThat(Sweep.timeLeft(left, seconds)).isEqualTo(String.format("about %d min", Math.round(expected / 60)));
        seconds.remove(plain2);

        seconds.put(plain8, List.of(1800.0, 1200.0)); // once it has run, its own mean counts
        left.add(new Sweep.Cell(plain1, 43));
        assertThat(Sweep.timeLeft(left, seconds)).isEqualTo("about 27 min"); // 1,500 s + 100 s
    }
}
