package dev.digits.cli;

import dev.digits.data.Mnist;
import dev.digits.eval.Evaluation;
import dev.digits.eval.Robustness;
import dev.digits.eval.Shift;
import dev.digits.eval.RunReport;
import dev.digits.infer.DigitClassifier;
import dev.digits.run.RunFolder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a saved run on the test set: loss, accuracy, per-class precision/recall/F1,",
                "the confusion matrix and the most confused pairs, the calibration (ECE) and the accuracy on",
                "shifted copies of the test set (rotated, translated, scaled, stretched, thicker, thinner, noisy,",
                "inverted); writes confusion_matrix.png, predictions.png, misclassified.png, training_curves.png,",
                "robustness.png, reliability.png, report.html and report.md."})
final class EvalCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;
    @Option(names = "--data", description = "Folder with the MNIST-format test files (default: the bundled data/mnist).")
    Path data;
    @Option(names = "--out", description = "Folder for the pictures and reports (default: RUN_DIR/eval).")
    Path out;
    @Option(names = "--robustness-limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = {"Test images in each of the 13 shifted sets, spread evenly over the test set; 0: all 10,000"
                    + " (default: ${DEFAULT-VALUE}).",
                    "Why 2,000: the 13 sets then take about 4.5 s on 2 idle cores for the fast(16) model (all 10,000:"
                    + " about 22 s), and an accuracy near 99% is still known to 0.2 points (standard error),"
                    + " near 90% to 0.7."})
    int robustnessLimit;

    /** Images per shifted set by default: see the option's description. */
    static final int DEFAULT_LIMIT = 2000;

    @Override
    public Integer call() throws Exception {
        if (robustnessLimit < 0) {
            throw new IllegalArgumentException("--robustness-limit must be 0 (all) or a positive number of images, got "
                    + robustnessLimit);
        }
        Mnist test = Mnist.load(data != null ? data : Mnist.BUNDLED, Mnist.Split.TEST);
        RunFolder run = model.folder(System.err);
        try (DigitClassifier classifier = DigitClassifier.load(run, model.weights(), 1)) {
            Evaluation e = Evaluation.of(classifier, test);
            long start = System.nanoTime();
            Robustness robustness = Robustness.measure(classifier, test, e, robustnessLimit, Robustness.SEED);
            double seconds = (System.nanoTime() - start) / 1e9;
            RunReport.write(e, test, classifier.info(), run.dir(), out != null ? out : run.evalDir(), System.out,
                    robustness);
            System.out.printf("robustness: %d shifted sets of %d images in %.1f s (--robustness-limit)%n",
                    Shift.values().length, robustness.images(), seconds);
        }
        return 0;
    }
}
