package dev.digits.cli;

import dev.digits.internal.data.Bundled;
import dev.digits.internal.data.DataException;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.eval.Evaluation;
import dev.digits.internal.eval.OtherSet;
import dev.digits.internal.eval.Robustness;
import dev.digits.internal.eval.Shift;
import dev.digits.internal.eval.RunReport;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.run.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        header = "Evaluate a saved run: accuracy, confusion, USPS, robustness and calibration, in a report.",
        description = {"Evaluate a saved run on the test set: loss, accuracy, per-class precision/recall/F1,",
                "the confusion matrix and the most confused pairs; beside MNIST's, the accuracy on the USPS",
                "zip-code digits (other writers, read through predict's preprocessing); the calibration (ECE)",
                "and the accuracy on shifted copies of the test set (rotated, translated, scaled, stretched,",
                "thicker, thinner, noisy, inverted). Writes confusion_matrix.png, predictions.png,",
                "misclassified.png, training_curves.png, robustness.png, reliability.png, report.html, report.md."})
final class EvalCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;
    @Option(names = "--data", paramLabel = "mnist|usps|DIR",
            description = "The test set: mnist (the bundled data/mnist, default), usps (the bundled data/usps, read through"
                    + " predict's preprocessing), or a folder with the MNIST-format test files.")
    String data;
    @Option(names = "--no-usps", description = "Leave out the USPS test accuracy that is reported beside MNIST's.")
    boolean noUsps;
    @Option(names = "--out", description = "Folder for the pictures and reports (default: RUN_DIR/eval).")
    Path out;
    @Option(names = "--robustness-limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = {"Test images in each of the 13 shifted sets, spread evenly over the test set; 0: all 10,000"
                    + " (default: ${DEFAULT-VALUE}).",
                    "Why 2,000: the 13 sets then take about 4.5 s on 2 idle cores for the fast(16) model (all 10,000:"
                    + " about 22 s), and an accuracy near 99%% is still known to 0.2 points (standard error),"
                    + " near 90%% to 0.7."})
    int robustnessLimit;

    /** Images per shifted set by default: see the option's description. */
    static final int DEFAULT_LIMIT = 2000;

    @Override
    public Integer call() throws Exception {
        if (robustnessLimit < 0) {
            throw new IllegalArgumentException("--robustness-limit must be 0 (all) or a positive number of images, got "
                    + robustnessLimit);
        }
        Dataset named = data == null ? Dataset.MNIST : Dataset.named(data);
        Path dir = named != null ? named.folder() : Path.of(data);
        Mnist test = named != null ? named.load(Mnist.Split.TEST) : Mnist.load(dir, Mnist.Split.TEST);
        String testSet = (named != null ? named.title() : "MNIST-format") + " test, " + dir
                + (named == Dataset.USPS ? ", " + named.how() : "");
        Mnist usps = noUsps || named == Dataset.USPS ? null : usps();
        Main.requireFolder("--out", out);
        RunFolder run = model.folder(System.err);
        if (out != null && Files.isRegularFile(out.resolve(RunFolder.INFO))) {
            // a run's own report.md and pictures would be replaced by this evaluation's
            throw new IllegalArgumentException("--out " + out + " holds a model (model.json): give eval a folder of its own");
        }
        try (DigitClassifier classifier = DigitClassifier.load(run, model.weights(), 1)) {
            Evaluation e = Evaluation.of(classifier, test);
            List<OtherSet> others = usps == null ? List.of() : List.of(OtherSet.of(Dataset.USPS, usps, classifier));
            long start = System.nanoTime();
            // the slow part (about 22 s for all 10,000 on 2 cores): said before, so that a silent wait is not taken for a hang
            System.err.printf("robustness: reading %d shifted copies of %,d test images...%n", Shift.values().length,
                    robustnessLimit == 0 ? test.size() : Math.min(robustnessLimit, test.size()));
            Robustness robustness = Robustness.measure(classifier, test, e, robustnessLimit, Robustness.SEED);
            double seconds = (System.nanoTime() - start) / 1e9;
            RunReport.write(e, test, testSet, others, robustness, classifier.info(), run.dir(),
                    out != null ? out : run.evalDir(), System.out);
            System.out.printf("robustness: %d shifted sets of %d images in %.1f s (--robustness-limit)%n",
                    Shift.values().length, robustness.images(), seconds);
        }
        return 0;
    }

    /** The USPS test digits, with a hint in the error when their folder is missing. */
    static Mnist usps() {
        Path dir = Dataset.USPS.folder();
        if (!Files.isDirectory(Bundled.locate(dir))) {
            throw new DataException(dir + ": no such data directory (the USPS digits reported beside MNIST's;"
                    + " --no-usps leaves them out)");
        }
        return Dataset.USPS.load(Mnist.Split.TEST);
    }
}
