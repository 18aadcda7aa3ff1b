package dev.digits.readeval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.numbers.NumberSet;
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
    void aFailureIsNamedByItsLengthThenItsQuestionMarks() {
        assertThat(new ReadBenchmark.Outcome("a", "123", "123", false).failure()).isNull();
        assertThat(new ReadBenchmark.Outcome("a", "123", "13", false).failure()).isEqualTo(ReadBenchmark.Failure.MISSING);
        assertThat(new ReadBenchmark.Outcome("a", "123", "1?23", false).failure()).isEqualTo(ReadBenchmark.Failure.EXTRA);
        assertThat(new ReadBenchmark.Outcome("a", "123", "1?4", false).failure()).isEqualTo(ReadBenchmark.Failure.NOT_A_DIGIT);
        ReadBenchmark.Outcome wrong = new ReadBenchmark.Outcome("a", "123", "723", true);
        assertThat(wrong.failure()).isEqualTo(ReadBenchmark.Failure.WRONG_DIGIT);
        assertThat(wrong.misreadAt()).containsExactly(0);
        assertThat(new ReadBenchmark.Outcome("a", "123", "1?4", false).misreadAt()).isEmpty();
        assertThat(ReadBenchmark.failures(List.of(wrong, new ReadBenchmark.Outcome("b", "45", "4", false))))
                .contains("| as many digits, one or more read as another digit | 0 | 1 |", "| too few digits (joined, or dropped as a speck) | 1 | 0 |");
    }

    @Test
    void aDigitReadAsAnotherIsCheckedAloneAgainstTheModel() {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        List<NumberSet.Item> items = NumberSet.make(test, 3, 7);
        List<ReadBenchmark.Outcome> outcomes = new java.util.ArrayList<>();
        for (NumberSet.Item item : items) outcomes.add(new ReadBenchmark.Outcome("n", item.label(), item.label(), item.touching()));
        // the first number read with its first digit as another: that digit is looked at alone
        String truth = items.get(0).label();
        String wrong = (char) ('0' + (truth.charAt(0) - '0' + 1) % 10) + truth.substring(1);
        outcomes.set(0, new ReadBenchmark.Outcome("n", truth, wrong, false));
        try (dev.digits.internal.infer.DigitClassifier c = dev.digits.internal.infer.DigitClassifier.load(
                new dev.digits.internal.run.RunFolder(java.nio.file.Path.of("src/test/resources/fixture-model")))) {
            int source = items.get(0).sources()[0];
            int alone = c.classify(test.image(source)).digit() != test.label(source) ? 1 : 0;
            String line = ReadBenchmark.misreadAlone(outcomes, items, test, c);
            assertThat(line).startsWith("Digits read as another digit (in numbers read with as many digits and no ?): 1;")
                    .contains("misreads " + alone + " of them alone too");
            assertThat(line).containsPattern("under 0.15 \\d+ of [\\d,]+, over \\d+ of [\\d,]+")
                    .contains(items.get(0).stroke().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " 1 of ");
        }
        assertThat(ReadBenchmark.misreadAlone(List.of(), List.of(), test, null)).isEmpty();
    }

    @Test
    void aDigitTheModelMisreadsAloneTooIsCountedSo() {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        List<NumberSet.Item> items = NumberSet.make(test, 400, 7);
        try (dev.digits.internal.infer.DigitClassifier c = dev.digits.internal.infer.DigitClassifier.load(
                new dev.digits.internal.run.RunFolder(java.nio.file.Path.of("src/test/resources/fixture-model")))) {
            // a number whose first digit the fixture model misreads on its own (about 1 in 120 of its test digits)
            int chosen = -1;
            for (int i = 0; i < items.size() && chosen < 0; i++) {
                int source = items.get(i).sources()[0];
                if (c.classify(test.image(source)).digit() != test.label(source)) chosen = i;
            }
            assertThat(chosen).as("some first digit among 400 numbers is misread by the fixture").isNotNegative();
            List<ReadBenchmark.Outcome> outcomes = new java.util.ArrayList<>();
            for (NumberSet.Item item : items) outcomes.add(new ReadBenchmark.Outcome("n", item.label(), item.label(), item.touching()));
            String truth = items.get(chosen).label();
            String wrong = (char) ('0' + (truth.charAt(0) - '0' + 1) % 10) + truth.substring(1);
            outcomes.set(chosen, new ReadBenchmark.Outcome("n", truth, wrong, false));
            assertThat(ReadBenchmark.misreadAlone(outcomes, items, test, c))
                    .startsWith("Digits read as another digit (in numbers read with as many digits and no ?): 1;")
                    .contains("misreads 1 of them alone too");
        }
    }

    @Test
    void eachDigitOfANumberKnowsWhereItWasDrawnFrom() {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        for (NumberSet.Item item : NumberSet.make(test, 10, 7)) {
            assertThat(item.sources()).hasSize(item.label().length());
            for (int k = 0; k < item.sources().length; k++) {
                assertThat(test.label(item.sources()[k])).isEqualTo(item.label().charAt(k) - '0');
            }
        }
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
