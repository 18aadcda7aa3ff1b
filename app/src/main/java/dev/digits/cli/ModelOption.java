package dev.digits.cli;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.read.DigitGate;
import dev.digits.internal.read.StripModel;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --model} and {@code --weights}, shared by eval, predict and serve. Without {@code --model}
 * the newest run in {@code runs/} is used, else the model the repository ships; the choice is
 * printed, so the user always knows which model answered.
 */
final class ModelOption {

    /** The trained model shipped with the repository (see its model.json for the command that made it). */
    static final Path SHIPPED = Path.of("models", "default");

    @Option(names = "--model", paramLabel = "RUN_DIR",
            description = "Run folder written by 'mnist train' (default: the newest run in runs/, else the shipped model in models/default).")
    Path model;

    @Option(names = "--weights", defaultValue = "model", paramLabel = "NAME",
            description = "model (final weights, default) or best (best epoch on the validation split).")
    String weights;

    Weights weights() {
        return Weights.parse(weights);
    }

    /**
     * The model's "not a digit" gate, which belongs to its final weights as model.json's temperature
     * does: confidence only for {@code --weights best}, and when the folder has no gate; says which.
     * A gate fitted on another network's features fails here ({@link DigitGate#requireFits}).
     */
    DigitGate gate(RunFolder run, DigitClassifier classifier) {
        if (weights() != Weights.MODEL) {
            boolean gated = java.nio.file.Files.isRegularFile(run.gate());
            System.err.println("warning: with --weights " + weights() + " 'not a digit' is judged by confidence only, uncalibrated"
                    + (gated ? " (" + run.gate() + " and any temperature in model.json belong to the final weights)" : ""));
            return new DigitGate(null);
        }
        DigitGate gate = DigitGate.of(run);
        gate.requireFits(classifier, run);
        if (!gate.measuresDistance()) {
            System.err.println("warning: " + run.gate() + " missing: 'not a digit' is judged by confidence only"
                    + " (make it with ./mnist read-gate --fit --model " + run.dir() + ")");
        }
        return gate;
    }

    /**
     * The folder's whole-number reader ({@code read-train}: {@code number-net.params}), which the
     * reading of numbers is checked against; null when the folder has none (numbers are then read
     * by their pieces alone).
     */
    static StripModel strips(RunFolder run) {
        return StripModel.of(run);
    }

    /** The run folder to load; says on {@code err} which one it chose when {@code --model} was not given. */
    RunFolder folder(PrintStream err) throws IOException {
        return choose(model, RunFolder.RUNS, shipped(), err);
    }

    /** {@code model} if given, else the newest run in {@code runs}, else {@code shipped}. */
    static RunFolder choose(Path model, Path runs, Path shipped, PrintStream err) throws IOException {
        if (model != null) return new RunFolder(model);
        Optional<RunFolder> newest = RunFolder.newest(runs);
        if (newest.isPresent()) {
            err.println("model: " + newest.get() + " (the newest run in " + runs + "/; --model picks another)");
            return newest.get();
        }
        if (Files.isRegularFile(shipped.resolve(RunFolder.INFO))) {
            err.println("model: " + shipped + " (the shipped model; train your own with ./mnist train, or pick one with --model)");
            return new RunFolder(shipped);
        }
        throw new IllegalArgumentException("no model: there is no run in " + runs + "/ and no shipped model in "
                + shipped + "; train one with ./mnist train, or pick one with --model");
    }

    /** The shipped model, found from the project folder that ./mnist names, or from the working directory. */
    static Path shipped() {
        String home = System.getProperty("mnist.home");
        return home == null ? SHIPPED : Path.of(home).resolve(SHIPPED);
    }
}
