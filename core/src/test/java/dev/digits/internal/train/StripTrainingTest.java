package dev.digits.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.numbers.NumberSet;
import dev.digits.internal.read.Strip;
import dev.digits.internal.read.StripModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A few steps of the whole-number reader's training: the loss falls, the weights load and read. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StripTrainingTest {

    @Test
    void aShortTrainingLearnsAndItsWeightsRead() {
        Mnist train = Mnist.load(Mnist.BUNDLED, Mnist.Split.TRAIN).head(3_000);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StripTraining.Result r = StripTraining.train(train, new StripTraining.Settings(128, 3, 32, 3e-3f, 7),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(r.losses()).hasSize(3);
        // CTC from random weights starts far above 1 per digit; three short epochs take most of it away
        assertThat(r.losses().get(2)).isLessThan(r.losses().get(0) * 0.8);
        assertThat(r.score().separated() + r.score().touching()).isEqualTo(100);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("epoch 3/3: held-out numbers read exactly: separated");
        try (StripModel m = StripModel.of(r.weights())) {
            NumberSet.Item item = NumberSet.make(Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(50), 1, 3).get(0);
            assertThat(m.read(Strip.of(item.image())).get(0).digits()).matches("[0-9]{0,30}");
        }
    }

    @Test
    void unusableSettingsNameTheirFlag() {
        assertThatThrownBy(() -> new StripTraining.Settings(0, 1, 1, 1e-3f, 1)).hasMessageStartingWith("--numbers must be at least 1");
        assertThatThrownBy(() -> new StripTraining.Settings(1, 0, 1, 1e-3f, 1)).hasMessageStartingWith("--epochs must be at least 1");
        assertThatThrownBy(() -> new StripTraining.Settings(1, 1, 0, 1e-3f, 1)).hasMessageStartingWith("--batch-size must be 1 to 1024");
        assertThatThrownBy(() -> new StripTraining.Settings(1, 1, 1, 0, 1)).hasMessageStartingWith("--lr must be above 0");
        assertThatThrownBy(() -> new StripTraining.Settings(1, 1, 1, Float.POSITIVE_INFINITY, 1)).hasMessageStartingWith("--lr must be above 0");
    }
}
