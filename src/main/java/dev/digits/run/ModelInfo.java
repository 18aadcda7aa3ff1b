package dev.digits.run;

import dev.digits.model.Architecture;
import dev.digits.model.InputContract;
import java.util.Map;

/**
 * What a saved model needs besides its weights: the architecture, the input normalisation, the
 * recipe that trained it and how it scored. Stored as {@code model.json} beside the weights, so
 * loading never needs a flag repeated.
 *
 * @param config  the recipe as written to config.json (a description: read by people and reports)
 * @param metrics how it scored; null before the first epoch ends
 * @param command the command line that made the model, when it was recorded (the shipped model)
 */
public record ModelInfo(
        Architecture architecture,
        float mean,
        float std,
        Map<String, Object> config,
        Metrics metrics,
        String created,
        long parameters,
        String command) {

    public ModelInfo withMetrics(Metrics newMetrics) {
        return new ModelInfo(architecture, mean, std, config, newMetrics, created, parameters, command);
    }

    public ModelInfo withCommand(String newCommand) {
        return new ModelInfo(architecture, mean, std, config, metrics, created, parameters, newCommand);
    }

    /** The input contract the weights were trained under: its mean and std come from this file. */
    public InputContract input() {
        return InputContract.of(mean, std);
    }
}
