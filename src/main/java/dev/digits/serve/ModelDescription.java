package dev.digits.serve;

import dev.digits.data.Mnist;
import dev.digits.model.ModelInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API says about the model, built once when the server starts: a short summary in every
 * {@code POST /api/predict} answer, the full description at {@code GET /api/model}. A null value
 * (no test accuracy, say) is left out of the JSON.
 */
record ModelDescription(Map<String, Object> summary, Map<String, Object> details) {

    /** The 28x28 input the model expects: side, and the normalisation mean and std. */
    record Input(int side, float mean, float std) {}

    static ModelDescription of(ModelInfo info) {
        Map<String, Object> metrics = metrics(info);
        Object testAccuracy = metrics.get("test_accuracy");

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("architecture", info.architecture().name());
        summary.put("parameters", info.parameters());
        summary.put("test_accuracy", testAccuracy);
        summary.put("created", info.created());

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("architecture", info.architecture().name());
        details.put("network", info.architecture().toString());
        details.put("parameters", info.parameters());
        details.put("test_accuracy", testAccuracy);
        details.put("created", info.created());
        details.put("input", new Input(Mnist.SIDE, info.mean(), info.std()));
        details.put("metrics", metrics);
        details.put("config", info.config() == null ? Map.of() : info.config());
        return new ModelDescription(summary, details);
    }

    /** The run's metrics as model.json holds them; the one place that reads them as a map. */
    private static Map<String, Object> metrics(ModelInfo info) {
        return info.metrics() == null ? Map.of() : info.metrics();
    }
}
