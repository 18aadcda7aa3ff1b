package dev.digits.internal.train;

import dev.digits.internal.train.Recipe.Stopping;

/**
 * Which accuracy chooses a run's best epoch ({@code best.params}) and stops it early, and why a
 * run stops: one rule for training, resuming ({@link ResumePoint}) and the command line.
 */
public final class StopRule {

    private StopRule() {}

    /** Whether the test set chooses the best epoch and the early stop: when asked, or when no validation split is held out. */
    public static boolean testChooses(Recipe recipe, boolean hasValidation) {
        return recipe.stopping().on() == Stopping.On.TEST || !hasValidation;
    }

    /** The accuracy that early stopping and best.params watch: validation's, or test's ({@link #testChooses}). */
    static double selection(Recipe recipe, Double validation, double test) {
        return testChooses(recipe, validation != null) ? test : validation;
    }

    /** Why the run stops after {@code epoch}, which scored {@code validation} (null: none) and {@code test}, or null if it goes on. */
    static String reason(Recipe recipe, int epoch, Double validation, double test) {
        Stopping stopping = recipe.stopping();
        boolean onTest = testChooses(recipe, validation != null);
        if (stopping.hasTarget() && selection(recipe, validation, test) >= stopping.target()) {
            return String.format("reached the target %.2f%% %s accuracy at epoch %d", stopping.target(), onTest ? "test" : "validation", epoch);
        }
        if (epoch < stopping.epochs()) return null;
        return stopping.epochs() == 1 ? "ran its 1 epoch" : "ran all " + stopping.epochs() + " epochs";
    }
}
