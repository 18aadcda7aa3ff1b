package dev.digits.run;

import dev.digits.model.Architecture;
import dev.digits.model.InputContract;
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
        List<String> members) {

    /** One network's description. */
    public ModelInfo(Architecture architecture, float mean, float std, Map<String, Object> config, Metrics metrics,
                     String created, long parameters, String command) {
        this(architecture, mean, std, config, metrics, created, parameters, command, null);
    }

    public boolean isEnsemble() {
        return members != null && !members.isEmpty();
    }

    public ModelInfo withMetrics(Metrics newMetrics) {
        return new ModelInfo(architecture, mean, std, config, newMetrics, created, parameters, command, members);
    }

    public ModelInfo withCommand(String newCommand) {
        return new ModelInfo(architecture, mean, std, config, metrics, created, parameters, newCommand, members);
    }

    /** The input contract the weights were trained under: its mean and std come from this file. */
    public InputContract input() {
        return InputContract.of(mean, std);
    }
}
