package dev.digits.readeval;

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
