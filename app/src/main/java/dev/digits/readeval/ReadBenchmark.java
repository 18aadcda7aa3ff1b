package dev.digits.readeval;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.numbers.NumberSet;
import dev.digits.internal.read.NumberReader;
import dev.digits.internal.read.Reading;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * How well {@code read} reads a set of pictures of known numbers: the share read exactly, and
 * per digit, the share of the true digits that the reading has in the right place (an edit-distance
 * alignment, so one missed or extra digit costs one digit, not the rest of the number).
 */
public final class ReadBenchmark {

    /** One picture's truth and reading. */
    public record Outcome(String name, String truth, String read, boolean touching) {
        public boolean exact() {
            return truth.equals(read);
        }

        /** Why it was not read exactly (null when it was): by the reading's length first, then its "?"s. */
        public Failure failure() {
            if (exact()) return null;
            if (read.length() < truth.length()) return Failure.MISSING;
            if (read.length() > truth.length()) return Failure.EXTRA;
            return read.indexOf(Reading.NOT_A_DIGIT) >= 0 ? Failure.NOT_A_DIGIT : Failure.WRONG_DIGIT;
        }

        /** The positions of a {@link Failure#WRONG_DIGIT} reading whose digit is another (none for other failures). */
        public List<Integer> misreadAt() {
            List<Integer> at = new ArrayList<>();
            if (failure() != Failure.WRONG_DIGIT) return at;
            for (int k = 0; k < truth.length(); k++) if (truth.charAt(k) != read.charAt(k)) at.add(k);
            return at;
        }
    }

    /** Why a number was not read exactly. */
    public enum Failure {
        WRONG_DIGIT("as many digits, one or more read as another digit"),
        NOT_A_DIGIT("as many digits, one or more called not a digit (?)"),
        MISSING("too few digits (joined, or dropped as a speck)"),
        EXTRA("too many digits (one cut in two, or a piece read as a digit)");

        final String meaning;

        Failure(String meaning) {
            this.meaning = meaning;
        }
    }

    /**
     * The digits of {@link Failure#WRONG_DIGIT} readings that were read as another digit, and how
     * many of them the classifier also misreads alone, as the 28x28 digits of {@code digits} they
     * were drawn from ({@code items.get(i)}'s sources for {@code outcomes.get(i)}): what a better
     * reader could not mend, only a better classifier; and both counted by the benchmark's stroke
     * change and slant.
     */
    public static String misreadAlone(List<Outcome> outcomes, List<NumberSet.Item> items, Mnist digits, DigitClassifier classifier) {
        if (outcomes.isEmpty()) return "";
        List<Integer> drawn = new ArrayList<>();
        java.util.Map<NumberSet.Stroke, int[]> byStroke = new java.util.EnumMap<>(NumberSet.Stroke.class); // digits, misread
        int[][] bySlant = new int[2][2]; // slant under / over SLANT: digits, misread
        for (int i = 0; i < outcomes.size(); i++) {
            int[] counts = byStroke.computeIfAbsent(items.get(i).stroke(), s -> new int[2]);
            int[] slant = bySlant[Math.abs(items.get(i).shear()) < SLANT ? 0 : 1];
            counts[0] += outcomes.get(i).truth().length();
            slant[0] += outcomes.get(i).truth().length();
            for (int k : outcomes.get(i).misreadAt()) {
                drawn.add(items.get(i).sources()[k]);
                counts[1]++;
                slant[1]++;
            }
        }
        Mnist misread = digits.subset(drawn.stream().mapToInt(Integer::intValue).toArray());
        Prediction[] alone = misread.size() == 0 ? new Prediction[0] : classifier.classify(misread.images(), misread.size());
        int also = 0;
        for (int j = 0; j < alone.length; j++) if (alone[j].digit() != misread.label(j)) also++;
        StringBuilder by = new StringBuilder();
        byStroke.forEach((s, c) -> by.append(String.format("%s%s %d of %,d", by.isEmpty() ? "" : ", ",
                s.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), c[1], c[0])));
        return String.format("Digits read as another digit (in numbers read with as many digits and no ?): %d; the model"
                + " misreads %d of them alone too (the MNIST test digit as published, 28x28): those only a better classifier"
                + " mends, not a better reader. By the benchmark's stroke change: %s; by its slant: under %.2f %d of %,d,"
                + " over %d of %,d.%n", alone.length, also, by, SLANT, bySlant[0][1], bySlant[0][0], bySlant[1][1], bySlant[1][0]);
    }

    /** The slant (dx/dy) from which {@link #misreadAlone} counts a number as leaning: one standard deviation of the benchmark's. */
    static final double SLANT = 0.15;

    /** The failures of {@code outcomes} by kind, separated and touching apart, as a markdown table. */
    public static String failures(List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder("| not read exactly: why | separated | touching |\n|---|---:|---:|\n");
        for (Failure f : Failure.values()) {
            long sep = outcomes.stream().filter(o -> !o.touching() && o.failure() == f).count();
            long touch = outcomes.stream().filter(o -> o.touching() && o.failure() == f).count();
            md.append(String.format("| %s | %d | %d |%n", f.meaning, sep, touch));
        }
        return md.toString();
    }

    /** Counts over a group of outcomes. */
    public record Score(int numbers, int exact, int digits, int digitsRight) {
        public double exactShare() {
            return numbers == 0 ? 0 : (double) exact / numbers;
        }

        public double digitShare() {
            return digits == 0 ? 0 : (double) digitsRight / digits;
        }

        static Score of(List<Outcome> outcomes) {
            int exact = 0, digits = 0, right = 0;
            for (Outcome o : outcomes) {
                if (o.exact()) exact++;
                digits += o.truth().length();
                right += matches(o.truth(), o.read());
            }
            return new Score(outcomes.size(), exact, digits, right);
        }
    }

    private ReadBenchmark() {}

    public static Outcome read(NumberReader reader, String name, String truth, boolean touching, BufferedImage image) {
        Reading r = reader.read(image);
        return new Outcome(name, truth, r.number(), touching);
    }

    public static Score score(List<Outcome> outcomes) {
        return Score.of(outcomes);
    }

    public static Score score(List<Outcome> outcomes, boolean touching) {
        List<Outcome> some = new ArrayList<>();
        for (Outcome o : outcomes) if (o.touching() == touching) some.add(o);
        return Score.of(some);
    }

    /** The most positions at which {@code truth}'s digits are read right, in order (LCS-like alignment). */
    static int matches(String truth, String read) {
        int[][] best = new int[truth.length() + 1][read.length() + 1];
        for (int i = 1; i <= truth.length(); i++) {
            for (int j = 1; j <= read.length(); j++) {
                int same = truth.charAt(i - 1) == read.charAt(j - 1) ? 1 : 0;
                best[i][j] = Math.max(best[i - 1][j - 1] + same, Math.max(best[i - 1][j], best[i][j - 1]));
            }
        }
        return best[truth.length()][read.length()];
    }

    public static String row(String set, Score s) {
        return String.format("| %s | %,d | %.2f%% (%,d) | %.2f%% (%,d of %,d) |%n", set, s.numbers(),
                100 * s.exactShare(), s.exact(), 100 * s.digitShare(), s.digitsRight(), s.digits());
    }

    public static String header() {
        return "| set | numbers | read exactly | digits right |\n|---|---:|---:|---:|\n";
    }
}
