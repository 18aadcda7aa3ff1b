package dev.digits.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void cosineMatchesPyTorchCosineAnnealingLRStepPerEpoch() {
        Schedule s = Schedule.cosine(1e-3, 10, 0);
        // values printed by torch.optim.lr_scheduler.CosineAnnealingLR(AdamW(lr=1e-3), T_max=10), one step per epoch
        double[] torch = {1.0e-3, 9.755282581475769e-4, 9.045084971874737e-4, 7.938926261462366e-4,
                6.545084971874737e-4, 5.0e-4, 3.454915028125263e-4, 2.0610737385376348e-4,
                9.549150281252633e-5, 2.4471741852423235e-5, 0.0, 2.4471741852423235e-5, 9.549150281252633e-5};
        for (int epoch = 1; epoch <= torch.length; epoch++) {
            assertThat(s.lr(epoch, 0, 100)).as("epoch %d", epoch).isCloseTo(torch[epoch - 1], within(1e-12));
            assertThat(s.lr(epoch, 99, 100)).isEqualTo(s.lr(epoch, 0, 100));
        }
        // past T_max the rate rises again and is back at the base at 2 * T_max
        assertThat(s.lr(21, 0, 100)).isCloseTo(1e-3, within(1e-12));
    }

    @Test
    void oneCycleWarmsUpToThePeakThenAnnealsToNearZero() {
        Schedule s = Schedule.oneCycle(4e-3, 4, 0.25);
        int steps = 100;
        assertThat(s.lr(1, 0, steps)).isCloseTo(4e-3 / 25, within(1e-12));
        assertThat(s.lr(2, 0, steps)).isCloseTo(4e-3, within(1e-9));
        assertThat(s.lr(4, 99, steps)).isLessThan(4e-3 / 1000);
        double previous = Double.MAX_VALUE;
        for (int epoch = 2; epoch <= 4; epoch++) {
            for (int step = 0; step < steps; step++) {
                double lr = s.lr(epoch, step, steps);
                assertThat(lr).isLessThanOrEqualTo(previous);
                previous = lr;
            }
        }
    }
}
