package dev.digits.readeval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.data.Mnist;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The digits the gate's probes learn from are none of those their thresholds are set on. */
class GateFitTest {

    /** {@code n} digits, each told apart by its first two pixels (its index). */
    static Mnist numbered(int n) {
        byte[] images = new byte[n * Mnist.PIXELS];
        for (int i = 0; i < n; i++) {
            images[i * Mnist.PIXELS] = (byte) (i >> 8);
            images[i * Mnist.PIXELS + 1] = (byte) i;
        }
        return new Mnist(images, new byte[n]);
    }

    static int index(byte[] image) {
        return (image[0] & 0xff) << 8 | (image[1] & 0xff);
    }

    @Test
    void theProbesDigitsLeaveOutThoseHeldForTheThresholds() {
        Mnist train = numbered(300);
        // as fit() holds them: the sample's last quarter and the extra digits outside the sample
        int[] pick = IntStream.range(0, 100).map(i -> (i * 7) % 300).toArray();
        int[] extra = Arrays.copyOf(GateFit.outside(pick, train.size(), 5), 60);
        int[] held = GateFit.held(pick, 100, extra);
        assertThat(held).hasSize(25 + 60).contains(pick[75], pick[99], extra[0], extra[59]).doesNotContain(pick[0], pick[74]);
        Mnist notHeld = GateFit.outside(train, held);

        assertThat(notHeld.size()).isEqualTo(300 - held.length);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < notHeld.size(); i++) seen.add(index(notHeld.image(i)));
        assertThat(seen).hasSize(notHeld.size()).doesNotContainAnyElementsOf(Arrays.stream(held).boxed().toList());
        // the extra digits are outside the sample, so none is held twice
        assertThat(Arrays.stream(held).distinct().count()).isEqualTo(held.length);
    }
}
