package dev.digits.serve;

import dev.digits.internal.model.InputContract;
import dev.digits.internal.run.ModelInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API says about the model, built once when the server starts: a short summary in every
 * {@code POST /api/predict} answer, the full description at {@code GET /api/model}. A null value
 * (no test accuracy, say) is left out of the JSON, and so are the run's local file paths (the data
 * folder, an imported file, an ensemble member's folder and command line), which are no business
 * of a web page.
 */
record ModelDescription(Map<String, Object> summary, Map<String, Object> details) {

    /** The 28x28 input the model expects: side, and the normalisation mean and std. */
    record Input(int side, float mean, float std) {}

    /** The keys of a run's config that hold local file paths (Recipe#toMap, ImportRun). */
    private static final Set<String> LOCAL_PATHS = Set.of("data", ModelInfo.IMPORTED_FROM);
    /** The keys of an ensemble member's entry in its config ("members", Ensemble) that hold local paths. */
    private static final Set<String> MEMBER_LOCAL_PATHS = Set.of("from", "command");

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
        if (config.get("members") instanceof List<?> members) config.put("members", members.stream().map(m -> {
            if (!(m instanceof Map<?, ?> member)) return m;
            Map<Object, Object> kept = new LinkedHashMap<>(member);
            kept.keySet().removeAll(MEMBER_LOCAL_PATHS);
            return kept;
        }).toList());
        details.put("config", config);
        return new ModelDescription(summary, details);
    }
}
