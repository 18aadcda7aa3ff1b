package dev.digits.serve;

import dev.digits.internal.model.InputContract;
import dev.digits.internal.run.ModelInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the API says about the model, built once when the server starts: a short summary in every
 * {@code POST /api/predict} answer, the full description at {@code GET /api/model}. A null value
 * (no test accuracy, say) is left out of the JSON, and so are the run's local file paths (the data
 * folder), which are no business of a web page.
 */
record ModelDescription(Map<String, Object> summary, Map<String, Object> details) {

    /** The 28x28 input the model expects: side, and the normalisation mean and std. */
    record Input(int side, float mean, float std) {}

    /** The keys of a run's config that hold local file paths (Recipe#toMap). */
    private static final Set<String> LOCAL_PATHS = Set.of("data");

    static ModelDescription of(ModelInfo info) {
        Double testAccuracy = info.metrics() == null ? null : info.metrics().testAccuracy();

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("architecture", info.architecture().name());
        summary.put("parameters", info.parameters());
        summary.put("test_accuracy", testAccuracy);
        summary.put("usps_accuracy", info.metrics() == null ? null : info.metrics().uspsAccuracy());
        summary.put("created", info.created());

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("architecture", info.architecture().name());
        details.put("network", info.architecture().toString());
        if (info.isEnsemble()) details.put("ensemble_members", info.members().size());
        details.put("parameters", info.parameters());
        details.put("test_accuracy", testAccuracy);
        details.put("usps_accuracy", info.metrics() == null ? null : info.metrics().uspsAccuracy());
        details.put("created", info.created());
        details.put("input", new Input(InputContract.SIDE, info.input().mean(), info.input().std()));
        // what the logits are divided by before the softmax (1: uncalibrated; an ensemble's members carry their own)
        details.put("temperature", info.isEnsemble() ? null : info.softmaxTemperature());
        details.put("metrics", info.metrics() == null ? Map.of() : info.metrics());
        Map<String, Object> config = info.config() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(info.config());
        config.keySet().removeAll(LOCAL_PATHS);
        details.put("config", config);
        return new ModelDescription(summary, details);
    }
}
