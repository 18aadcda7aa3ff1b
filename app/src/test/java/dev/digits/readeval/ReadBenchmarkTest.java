package dev.digits.readeval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.data.Mnist;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's own arithmetic and its composition, without a model. */
class ReadBenchmarkTest {

    @Test
    void aMissedOrExtraDigitCostsOneDigitNotTheRest() {
        assertThat(ReadBenchmark.matches("12345", "12345")).isEqualTo(5);
        assertThat(ReadBenchmark.matches("12345", "1345")).isEqualTo(4);
        assertThat(ReadBenchmark.matches("12345", "123945")).isEqualTo(5);
        assertThat(ReadBenchmark.matches("12345", "?2345")).isEqualTo(4);
        assertThat(ReadBenchmark.matches("12", "")).isZero();
        var s = ReadBenchmark.score(List.of(new ReadBenchmark.Outcome("a", "12", "12", false),
                new ReadBenchmark.Outcome("b", "345", "35", true)));
        assertThat(s.exact()).isEqualTo(1);
        assertThat(s.digitShare()).isEqualTo(4 / 5.0);
    }

    @Test
    void theSetIsMadeAgainFromItsSeedAndOneInFiveTouches() {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        List<NumberSet.Item> a = NumberSet.make(test, 20, 7);
        List<NumberSet.Item> b = NumberSet.make(test, 20, 7);
        assertThat(a).extracting(NumberSet.Item::label).isEqualTo(b.stream().map(NumberSet.Item::label).toList());
        assertThat(a).allSatisfy(i -> assertThat(i.label()).matches("[0-9]{2,6}"));
        assertThat(a).filteredOn(NumberSet.Item::touching).hasSize(4);
        assertThat(NonDigits.make(7, 10)).extracting(NonDigits.Sample::kind).contains(NonDigits.Kind.values());
    }
}
