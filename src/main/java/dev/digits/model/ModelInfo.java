package dev.digits.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a saved model needs besides its weights: the architecture, the input normalisation, the
 * recipe that trained it and how it scored. Stored as {@code model.json} beside the weights, so
 * loading never needs a flag repeated.
 */
public record ModelInfo(
        Architecture architecture,
        float mean,
        float std,
        Map<String, Object> config,
        Map<String, Object> metrics,
        String created,
        long parameters) {

    public ModelInfo withMetrics(Map<String, Object> newMetrics) {
        return new ModelInfo(architecture, mean, std, config, new LinkedHashMap<>(newMetrics), created, parameters);
    }
}
