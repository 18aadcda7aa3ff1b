package dev.digits.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.digits.internal.model.NumberNet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The CTC recursion against the definition: every path of a short sequence, enumerated. */
class CtcTest {

    static final int C = NumberNet.CLASSES;

    /** Random log-probabilities for {@code steps} steps (each step's sums to 1). */
    static float[] logProbabilities(int steps, long seed) {
        Random r = new Random(seed);
        float[] lp = new float[steps * C];
        for (int t = 0; t < steps; t++) {
            double sum = 0;
            double[] e = new double[C];
            for (int c = 0; c < C; c++) sum += e[c] = Math.exp(r.nextGaussian() * 2);
            for (int c = 0; c < C; c++) lp[t * C + c] = (float) Math.log(e[c] / sum);
        }
        return lp;
    }

    /** The digits a path reads: repeats merged, blanks dropped. */
    static String collapse(int[] path) {
        StringBuilder s = new StringBuilder();
        int prev = NumberNet.BLANK;
        for (int c : path) {
            if (c != NumberNet.BLANK && c != prev) s.append((char) ('0' + c - 1));
            prev = c;
        }
        return s.toString();
    }

    /** By enumeration: the label's probability and each (step, symbol)'s share of it. */
    static double[] brute(float[] lp, int steps, String label, double[] occupancy) {
        int[] path = new int[steps];
        double total = 0;
        for (long n = 0; n < (long) Math.pow(C, steps); n++) {
            long k = n;
            double logp = 0;
            for (int t = 0; t < steps; t++) {
                path[t] = (int) (k % C);
                k /= C;
                logp += lp[t * C + path[t]];
            }
            if (!collapse(path).equals(label)) continue;
            double p = Math.exp(logp);
            total += p;
            for (int t = 0; t < steps; t++) occupancy[t * C + path[t]] += p;
        }
        return new double[] {total};
    }

    @Test
    void lossAndGradientAreTheDefinitions() {
        int steps = 5;
        for (String label : new String[] {"3", "12", "11", "707"}) {
            float[] lp = logProbabilities(steps, label.hashCode());
            double[] occupancy = new double[steps * C];
            double p = brute(lp, steps, label, occupancy)[0];
            float[] g = new float[lp.length];
            double loss = Ctc.one(lp, g, 0, steps, label, 2);
            assertThat(loss).as(label).isCloseTo(-Math.log(p) / label.length(), within(1e-6));
            for (int i = 0; i < g.length; i++) {
                // d loss / d logp = -occupancy / P / length, then / batch (2)
                assertThat((double) g[i]).as(label + " at " + i).isCloseTo(-occupancy[i] / p / label.length() / 2, within(1e-6));
            }
        }
    }

    @Test
    void aLabelThatCannotFitAddsNothing() {
        // "11" needs three steps (1, blank, 1): in two it has no path
        float[] lp = logProbabilities(2, 1);
        float[] g = new float[lp.length];
        assertThat(Ctc.one(lp, g, 0, 2, "11", 1)).isZero();
        assertThat(g).containsOnly(0f);
    }
}
