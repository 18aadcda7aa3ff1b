package dev.digits.train;

import dev.digits.model.Architecture;
import dev.digits.model.Precision;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that decides a training run. {@link #report()} is the report's recipe; {@link #fast()}
 * is the CPU default, chosen by measurement (docs/results.md).
 */
public record Recipe(
        String preset,
        String arch,
        int width,
        int epochs,
        int batchSize,
        double lr,
        double weightDecay,
        String schedule,
        int tMax,
        double warmup,
        double labelSmoothing,
        float rotation,
        float shift,
        long seed,
        double target,
        String earlyStopOn,
        int validation,
        int limit,
        Path data,
        Precision precision) {

    public static final int VALIDATION = 5000;

    /** The report's network and recipe: AdamW 1e-3, cosine T_max 10 per epoch, batch 128, up to 20 epochs, stop at 99%. */
    public static Recipe report() {
        return new Recipe("report", "report", 128, 20, 128, 1e-3, 0.01, "cosine", 10, 0, 0,
                10, 0.1f, 42, 99.0, "validation", VALIDATION, 0, dev.digits.data.Mnist.BUNDLED, Precision.FP32);
    }

    /** The CPU default: a cheaper member of the family with a one-cycle schedule; no early stop. */
    public static Recipe fast() {
        return new Recipe("fast", "fast", 16, 3, 128, 8e-3, 0.01, "onecycle", 10, 0.25, 0.1,
                8, 0.08f, 42, Double.NaN, "validation", VALIDATION, 0, dev.digits.data.Mnist.BUNDLED, Precision.FP32);
    }

    public static Recipe preset(String name) {
        return switch (name) {
            case "fast" -> fast();
            case "report" -> report();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (expected fast or report)");
        };
    }

    public Architecture architecture() {
        return Architecture.named(arch, width);
    }

    public Schedule lrSchedule() {
        return switch (schedule) {
            case "cosine" -> Schedule.cosine(lr, tMax, 0);
            case "onecycle" -> Schedule.oneCycle(lr, epochs, warmup);
            default -> throw new IllegalArgumentException("unknown schedule '" + schedule + "' (expected cosine or onecycle)");
        };
    }

    public boolean augment() {
        return rotation != 0 || shift != 0;
    }

    public boolean hasTarget() {
        return !Double.isNaN(target);
    }

    /** Checks every value a user can set; the message names the flag. */
    public Recipe validate() {
        architecture(); // --arch and --width: Architecture.named checks both
        require(epochs > 0, "--epochs must be a positive integer, got " + epochs);
        require(batchSize > 0 && batchSize <= 4096, "--batch-size must be between 1 and 4096, got " + batchSize);
        require(lr > 0 && lr < 10, "--lr must be a positive number below 10, got " + lr);
        require(weightDecay >= 0, "--weight-decay must not be negative, got " + weightDecay);
        require(labelSmoothing >= 0 && labelSmoothing < 1, "--label-smoothing must be in [0, 1), got " + labelSmoothing);
        require(!hasTarget() || (target > 0 && target <= 100), "--target must be a percentage in (0, 100], got " + target);
        require(rotation >= 0 && rotation <= 180, "--rotation must be between 0 and 180 degrees, got " + rotation);
        require(shift >= 0 && shift <= 0.5, "--shift must be between 0 and 0.5, got " + shift);
        require(limit >= 0, "--limit must not be negative, got " + limit);
        require(validation >= 0, "--validation must not be negative, got " + validation);
        require(earlyStopOn.equals("validation") || earlyStopOn.equals("test"),
                "--early-stop-on must be validation or test, got " + earlyStopOn);
        lrSchedule();
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** The recipe as a flat map, for config.json and reports. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", preset);
        m.put("arch", arch);
        m.put("width", width);
        m.put("architecture", architecture().toString());
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", "AdamW");
        m.put("lr", lr);
        m.put("weight_decay", weightDecay);
        m.put("schedule", schedule.equals("cosine") ? "cosine (T_max " + tMax + ", per epoch)" : "one-cycle (warm-up " + warmup + ")");
        m.put("label_smoothing", labelSmoothing);
        m.put("augment", augment() ? "rotation +-" + rotation + " deg, shift +-" + shift : "none");
        m.put("seed", seed);
        m.put("target", hasTarget() ? target : "none");
        m.put("early_stop_on", earlyStopOn);
        m.put("validation", validation);
        m.put("limit", limit);
        m.put("data", data.toString());
        m.put("precision", precision.toString());
        return m;
    }
}
