package dev.digits.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.model.Architecture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarksTest {

    @Test
    void inferGivesEachMeasurementAsItIsMadeSoAFailureLaterKeepsTheEarlierOnes() throws IOException {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(64);
        try (DigitClassifier c = Benchmarks.untrained(Architecture.fast(16))) {
            // the second measurement fails (as batch 32 or 1,024 may, out of memory): the first was given already
            // (the whole benchmark, all four measurements, runs in CliTest through the command line)
            List<String> kept = new ArrayList<>();
            assertThatThrownBy(() -> Benchmarks.infer(c, test, 5, m -> {
                if (!kept.isEmpty()) throw new IOException("disk full");
                kept.add(m.toJson());
            })).hasMessage("disk full");
            assertThat(kept).singleElement().asString().contains("\"batch_size\":1,");
        }
    }
}
