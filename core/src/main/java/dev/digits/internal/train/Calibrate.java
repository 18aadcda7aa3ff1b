package dev.digits.internal.train;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Temperature;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.Views;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.io.IOException;

/**
 * Calibrates a trained run's probabilities: its softmax {@link Temperature}, fitted on the run's
 * own validation split (never the test set) and written into its model.json, which every command
 * that loads the model then applies ({@code ./mnist calibrate}, and {@code train} at its end).
 */
public final class Calibrate {

    /** Fewer held-out digits than this fit a temperature to their own few answers. */
    static final int MIN_DIGITS = 100;

    private Calibrate() {}

    /** Fits {@code run}'s temperature on its validation split and writes it into its model.json. */
    public static Temperature run(RunFolder run) throws IOException {
        ModelInfo info = run.readInfo();
        if (info.isEnsemble()) {
            throw new ModelException(run + ": an ensemble's members carry their own temperatures: calibrate the runs it"
                    + " was made from (./mnist calibrate RUN_DIR), then make the ensemble again");
        }
        Recipe recipe;
        try {
            recipe = Recipe.fromConfig(run.readConfig());
        } catch (IllegalArgumentException e) {
            throw new ModelException(run.config() + ": not a recipe this version of mnist reads, so its validation split"
                    + " is unknown (" + e.getMessage() + ")");
        }
        Mnist validation = Training.split(recipe).validation();
        if (validation == null) {
            throw new ModelException(run + ": trained without a validation split (--validation 0), so no held-out digits"
                    + " but the test set's are left to calibrate on");
        }
        return fit(run, info, validation);
    }

    /**
     * Fits the temperature of {@code run} (described by {@code info}) on {@code validation}, the
     * digits its training held out, and writes it into its model.json. A model that reads each digit
     * in several views divides each view's logits by it, so it is fitted on one view's answers.
     */
    public static Temperature fit(RunFolder run, ModelInfo info, Mnist validation) throws IOException {
        if (validation.size() < MIN_DIGITS) {
            throw new ModelException(run + ": left uncalibrated: " + validation.size() + " validation digits are too few to fit"
                    + " a temperature on (at least " + MIN_DIGITS + ")");
        }
        Temperature t;
        int wrong = 0;
        try (DigitClassifier classifier = DigitClassifier.load(run, Weights.MODEL, 1, Views.ONE)) {
            var answers = classifier.classify(validation.images(), validation.size());
            for (int i = 0; i < answers.length; i++) if (answers[i].digit() != validation.label(i)) wrong++;
            t = Temperature.fit(answers, validation.labels(), info.softmaxTemperature());
        }
        if (wrong == 0) {
            // the loss falls for ever as the temperature does; where the search stops says nothing
            throw new ModelException(run + ": left uncalibrated: all " + validation.size() + " validation answers are right,"
                    + " which says nothing of how sure the model should be");
        }
        if (t.atBound()) {
            throw new ModelException(String.format(java.util.Locale.ROOT, "%s: left uncalibrated: the fit ran to the end of"
                    + " its range (temperature %.3f), as when the %d validation answers are %s", run, t.value(), validation.size(),
                    t.value() < 1 ? "nearly all right" : "little better than chance"));
        }
        run.writeInfo(info.withTemperature(t.value()));
        return t;
    }
}
