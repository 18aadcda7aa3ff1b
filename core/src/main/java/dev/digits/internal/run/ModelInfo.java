package dev.digits.internal.run;

import com.google.gson.annotations.SerializedName;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.Views;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a saved model needs besides its weights: the architecture, the input normalisation, the
 * recipe that trained it and how it scored. Stored as {@code model.json} beside the weights, so
 * loading never needs a flag repeated.
 *
 * @param config  the recipe as written to config.json (a description: read by people and reports)
 * @param metrics how it scored; null before the first epoch ends
 * @param command the command line that made the model, when it was recorded
 * @param members  for an ensemble, its members' folders relative to this one (their
 *                 probabilities are averaged); null for one network. {@code architecture} is then
 *                 the first member's and {@code parameters} their sum.
 * @param weightsSha256 the SHA-256 of the final weights ({@link Weights#MODEL}) this file goes
 *                 with: a kill between writing them and this file is found on loading; null in
 *                 files written before it was recorded, and for an ensemble
 * @param testTimeViews how many moved copies of each digit it reads ({@link Views}); null (not
 *                 written) for one, as in every model.json written before it
 * @param temperature what its logits are divided by before the softmax, so that its probabilities
 *                 are calibrated (fitted on the validation split by {@code ./mnist calibrate} and at
 *                 the end of {@code train}); null (not written) for 1: an uncalibrated network, and
 *                 an ensemble, whose members carry their own
 */
public record ModelInfo(
        Architecture architecture,
        float mean,
        float std,
        Map<String, Object> config,
        Metrics metrics,
        String created,
        long parameters,
        String command,
        List<String> members,
        String weightsSha256,
        @SerializedName("test_time_views") Integer testTimeViews,
        Double temperature) {

    public ModelInfo {
        if (testTimeViews != null) Views.of(testTimeViews); // 1, 5 or 9
        if (temperature != null && !validTemperature(temperature)) {
            throw new IllegalArgumentException("model.json: temperature must be in (0, 100), got " + temperature);
        }
        if (temperature != null && members != null && !members.isEmpty()) {
            throw new IllegalArgumentException("model.json: an ensemble has no temperature of its own (its members do)");
        }
        if (members != null) {
            for (String m : members) {
                // a crafted model.json must not make loading (or the Spark bundle) read another folder
                if (m == null || !m.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*") || Arrays.asList(m.split("/")).contains("..")) {
                    throw new IllegalArgumentException("model.json: an ensemble member must be a folder inside the ensemble's, got " + m);
                }
            }
        }
    }

    /** One network's description. */
    public ModelInfo(Architecture architecture, float mean, float std, Map<String, Object> config, Metrics metrics,
                     String created, long parameters, String command) {
        this(architecture, mean, std, config, metrics, created, parameters, command, null, null, null, null);
    }

    /** The config key of a model made by {@code import}: the file it came from (a local path). */
    public static final String IMPORTED_FROM = "imported_from";

    /** Whether {@code import} made this model from PyTorch weights (it has no training recipe). */
    public boolean isImported() {
        return config != null && config.containsKey(IMPORTED_FROM);
    }

    public boolean isEnsemble() {
        return members != null && !members.isEmpty();
    }

    /** Whether {@code t} can be a temperature: in (0, 100) (not NaN). */
    public static boolean validTemperature(double t) {
        return t > 0 && t < 100;
    }

    public ModelInfo withMetrics(Metrics newMetrics) {
        return new ModelInfo(architecture, mean, std, config, newMetrics, created, parameters, command, members, weightsSha256, testTimeViews, temperature);
    }

    public ModelInfo withCommand(String newCommand) {
        return new ModelInfo(architecture, mean, std, config, metrics, created, parameters, newCommand, members, weightsSha256, testTimeViews, temperature);
    }

    /** This description, for the final weights whose SHA-256 is {@code sha256}. */
    public ModelInfo withWeightsSha256(String sha256) {
        return new ModelInfo(architecture, mean, std, config, metrics, created, parameters, command, members, sha256, testTimeViews, temperature);
    }

    /** This description for a model that reads each digit in {@code views} ({@link Views}). */
    public ModelInfo withViews(Views views) {
        return new ModelInfo(architecture, mean, std, config, metrics, created, parameters, command, members, weightsSha256,
                views.count() == 1 ? null : views.count(), temperature);
    }

    /** This description with its probabilities calibrated by {@code newTemperature}. */
    public ModelInfo withTemperature(double newTemperature) {
        return new ModelInfo(architecture, mean, std, config, metrics, created, parameters, command, members, weightsSha256,
                testTimeViews, newTemperature);
    }

    /**
     * This description for {@code weights}: as it is for the final weights, uncalibrated for others
     * ({@code best.params}): the temperature in model.json, like the gate, was fitted on the final weights.
     */
    public ModelInfo forWeights(Weights weights) {
        return weights == Weights.MODEL ? this : new ModelInfo(architecture, mean, std, config, metrics, created, parameters,
                command, members, weightsSha256, testTimeViews, null);
    }

    /** The temperature its logits are divided by: 1 unless model.json says otherwise. */
    public double softmaxTemperature() {
        return temperature == null ? 1 : temperature;
    }

    /** The test-time views this model answers with (one unless model.json says otherwise). */
    public Views views() {
        return Views.of(testTimeViews);
    }

    /** The input contract the weights were trained under: its mean and std come from this file. */
    public InputContract input() {
        return InputContract.of(mean, std);
    }
}
