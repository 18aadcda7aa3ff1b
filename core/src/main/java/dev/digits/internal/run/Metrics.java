package dev.digits.internal.run;

import com.google.gson.annotations.SerializedName;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a saved model scored, as {@code model.json} stores it. Accuracies are percent (0 to 100);
 * {@code validationAccuracy} is null when the run had no validation split.
 *
 * @param epochsCompleted      epochs trained so far
 * @param testAccuracy         test accuracy after the last completed epoch, percent
 * @param testLoss             mean test cross-entropy after it
 * @param validationAccuracy   validation accuracy after it, percent, or null
 * @param trainSeconds         seconds spent in training steps (evaluation excluded)
 * @param secondsToTestAccuracy training seconds until each milestone accuracy was first reached,
 *                             keyed by the milestone in percent ("99.0")
 * @param uspsAccuracy         accuracy on the USPS test digits (other writers, read through
 *                             predict's preprocessing), percent, once measured; else null
 */
public record Metrics(
        @SerializedName("epochs_completed") int epochsCompleted,
        @SerializedName("test_accuracy") double testAccuracy,
        @SerializedName("test_loss") double testLoss,
        @SerializedName("validation_accuracy") Double validationAccuracy,
        @SerializedName("train_seconds") double trainSeconds,
        @SerializedName("seconds_to_test_accuracy") Map<String, Double> secondsToTestAccuracy,
        @SerializedName("usps_accuracy") Double uspsAccuracy) {

    public Metrics(int epochsCompleted, double testAccuracy, double testLoss, Double validationAccuracy,
                   double trainSeconds, Map<String, Double> secondsToTestAccuracy) {
        this(epochsCompleted, testAccuracy, testLoss, validationAccuracy, trainSeconds, secondsToTestAccuracy, null);
    }

    public Metrics withUsps(double accuracy) {
        return new Metrics(epochsCompleted, testAccuracy, testLoss, validationAccuracy, trainSeconds, secondsToTestAccuracy, accuracy);
    }

    public Metrics {
        secondsToTestAccuracy = secondsToTestAccuracy == null ? Map.of() : new LinkedHashMap<>(secondsToTestAccuracy);
    }

    /** The metrics after {@code row}, the latest epoch of a run. */
    public static Metrics after(EpochRow row, double trainSeconds, Map<String, Double> secondsToTestAccuracy) {
        return new Metrics(row.epoch(), row.testAccuracy(), row.testLoss(),
                Double.isNaN(row.valAccuracy()) ? null : row.valAccuracy(), trainSeconds, secondsToTestAccuracy);
    }
}
