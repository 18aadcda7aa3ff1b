package dev.digits.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.digits.internal.data.Batch;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.Precision;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The targets of one training step, for digits and for pictures that are not one digit. */
class LearnerTest {

    @Test
    void aPictureThatIsNotOneDigitIsTrainedTowardEqualProbabilitiesAndHasNoCorrectAnswer() {
        float[] t = Learner.targets(new int[] {3, Mnist.NONE}, 0.1);
        float[] digit = Arrays.copyOfRange(t, 0, 10), none = Arrays.copyOfRange(t, 10, 20);
        assertThat(digit[3]).isCloseTo(0.91f, within(1e-6f));
        assertThat(digit[0]).isCloseTo(0.01f, within(1e-6f));
        assertThat(none).containsOnly(0.1f);

        Mnist train = Mnist.load(Mnist.BUNDLED, Mnist.Split.TRAIN);
        float[] images = new float[4 * 784];
        for (int i = 0; i < 4; i++) {
            byte[] img = train.image(i);
            for (int j = 0; j < 784; j++) images[i * 784 + j] = ((img[j] & 0xff) / 255f - InputContract.MNIST.mean()) / InputContract.MNIST.std();
        }
        try (Learner learner = new Learner(Architecture.named("fast", 16), Precision.FP32, 0, 4, 5)) {
            float[] result = learner.step(new Batch(images, new int[] {train.label(0), Mnist.NONE, Mnist.NONE, Mnist.NONE}), 1e-3, 0);
            assertThat(result[2]).as("digits in the batch").isEqualTo(1);
            assertThat(result[1]).as("correct among them").isBetween(0f, 1f);
            // cross-entropy against equal probabilities is at least ln 10, whatever the network answers
            assertThat(result[0]).isGreaterThan((float) (3 * Math.log(10) / 4));
        }
    }
}
