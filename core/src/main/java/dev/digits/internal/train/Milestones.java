package dev.digits.internal.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** The training seconds at which test accuracy first reached each milestone, for the summary and model.json. */
public final class Milestones {

    /** Test accuracies (percent) whose first crossing is timed. */
    public static final double[] THRESHOLDS = {98.0, 99.0, 99.14, 99.5};

    private final Map<String, Double> reached = new LinkedHashMap<>();

    Milestones() {}

    /** The milestones of a run that is going on ({@link #reached()} of it). */
    Milestones(Map<String, Double> reached) {
        this.reached.putAll(reached);
    }

    /** Records every milestone that {@code testAccuracy} reaches for the first time. */
    void update(double testAccuracy, double trainSeconds) {
        for (double t : THRESHOLDS) {
            if (testAccuracy >= t) reached.putIfAbsent(key(t), trainSeconds);
        }
    }

    /** Reached milestones only, keyed as model.json writes them ("99.0"). */
    Map<String, Double> reached() {
        return new LinkedHashMap<>(reached);
    }

    public static String key(double threshold) {
        return String.valueOf(threshold);
    }
}
