package dev.digits.cli;

import dev.digits.data.Mnist;
import dev.digits.eval.Evaluation;
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
                "the confusion matrix and the most confused pairs; writes confusion_matrix.png, predictions.png,",
                "misclassified.png, training_curves.png, report.html and report.md."})
final class EvalCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;
    @Option(names = "--data", description = "Folder with the MNIST-format test files (default: the bundled data/mnist).")
    Path data;
    @Option(names = "--out", description = "Folder for the pictures and reports (default: RUN_DIR/eval).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Mnist test = Mnist.load(data != null ? data : Mnist.BUNDLED, Mnist.Split.TEST);
        RunFolder run = model.folder(System.err);
        try (DigitClassifier classifier = DigitClassifier.load(run, model.weights(), 1)) {
            Evaluation e = Evaluation.of(classifier, test);
            RunReport.write(e, test, classifier.info(), run.dir(), out != null ? out : run.evalDir(), System.out);
        }
        return 0;
    }
}
