package dev.digits.cli;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.eval.Evaluation;
import dev.digits.internal.exchange.ImportRun;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.Family;
import dev.digits.internal.run.Metrics;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        header = "Make a model folder from PyTorch weights in a safetensors file.",
        description = {"Make a model folder from PyTorch weights: a safetensors file holding the",
                "state_dict of the report's MNISTResNet (--arch report, python/report_model.py)",
                "or of FastResNet (--arch fast, python/fast_model.py), written by the",
                "safetensors package or python/safetensors_torch.py. Every name must be there",
                "and no other, each of its shape (as a strict load_state_dict). eval, predict",
                "and serve take the folder with --model. Inputs are normalised as the report's.",
                "Prints the MNIST test accuracy unless --no-eval."})
final class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The safetensors file.")
    Path file;
    @Option(names = "--arch", required = true, description = "report or fast: the PyTorch class the weights are of.")
    Family arch;
    @Option(names = "--width", required = true, description = "The class's width, the first stage's channels (report 128, fast 16).")
    int width;
    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Model folder to write; must be new or empty.")
    Path out;
    @Option(names = "--no-eval", description = "Do not measure the MNIST test accuracy (minutes for the report's width 128).")
    boolean noEval;

    @Override
    public Integer call() throws Exception {
        Architecture a = arch.at(width); // a bad width is refused before the file is read
        Mnist test = noEval ? null : Dataset.MNIST.load(Mnist.Split.TEST); // missing data too, before anything is written
        ModelInfo info = ImportRun.create(file, a, out, "./mnist import " + file + " --arch " + arch + " --width " + width
                + " --out " + out);
        RunFolder folder = new RunFolder(out);
        System.out.printf("imported %s as %s, %,d parameters%n", file, a, info.parameters());
        if (test != null) {
            try (DigitClassifier c = DigitClassifier.load(folder, Weights.MODEL, 1)) {
                Evaluation e = Evaluation.of(c, test);
                folder.writeInfo(info.withMetrics(new Metrics(0, e.accuracy(), e.loss(), null, 0, Map.of())));
                System.out.printf("test loss %.4f, test accuracy %.2f%% (%d/%d)%n", e.loss(), e.accuracy(), e.correct(), e.size());
            }
        }
        System.out.println("saved: " + folder.dir().resolve(Weights.MODEL.fileName()) + " and " + folder.info()
                + "; use it with --model " + out);
        return 0;
    }
}
