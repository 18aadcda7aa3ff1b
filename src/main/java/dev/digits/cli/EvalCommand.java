package dev.digits.cli;

import dev.digits.data.Mnist;
import dev.digits.eval.Evaluation;
import dev.digits.infer.DigitClassifier;
import dev.digits.model.Checkpoint;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved run on the test set: loss, accuracy, per-class metrics, confusion matrix and pictures.")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Run folder written by 'mnist train'.")
    Path model;
    @Option(names = "--weights", defaultValue = "model", description = "model (final, default) or best (best on validation).")
    String weights;
    @Option(names = "--data", description = "Folder with the MNIST-format test files (default: the bundled data/mnist).")
    Path data;

    @Override
    public Integer call() {
        Mnist test = Mnist.load(data != null ? data : Mnist.BUNDLED, Mnist.Split.TEST);
        try (DigitClassifier classifier = DigitClassifier.load(model, weights, 1)) {
            Evaluation e = Evaluation.of(classifier, test);
            System.out.printf("test loss %.4f, test accuracy %.2f%% (%d/%d)%n", e.loss(), e.accuracy(), e.correct(), e.size());
        }
        return 0;
    }
}
