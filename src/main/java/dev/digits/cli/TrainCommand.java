package dev.digits.cli;

import dev.digits.eval.RunReport;
import dev.digits.train.ProgressBar;
import dev.digits.model.Precision;
import dev.digits.train.Recipe;
import dev.digits.train.RunFolder;
import dev.digits.train.Training;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the MNIST ResNet and write a run folder (weights, model.json, metrics.csv, config.json, report).",
                "Presets: 'fast' (default) is the CPU recipe; 'report' is the report's exact network and recipe (a GPU network)."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "fast", description = "fast or report (default: ${DEFAULT-VALUE}). Flags below override it.")
    String preset;
    @Option(names = "--arch", description = "Network family member: report or fast (default: the preset's).")
    String arch;
    @Option(names = "--width", description = "Channels of the first stage, a multiple of 16; stages are width, 2*width, 4*width (report: 128; fast: 16).")
    Integer width;
    @Option(names = "--epochs", description = "Most epochs to train (report: 20; fast: 3).")
    Integer epochs;
    @Option(names = "--batch-size", description = "Images per batch (default 128).")
    Integer batchSize;
    @Option(names = "--lr", description = "Learning rate: the base of cosine annealing, or the peak of one-cycle (report: 1e-3; fast: 8e-3).")
    Double lr;
    @Option(names = "--weight-decay", description = "AdamW weight decay (default 0.01, PyTorch's).")
    Double weightDecay;
    @Option(names = "--schedule", description = "cosine (the report's, T_max 10 epochs) or onecycle (fast).")
    String schedule;
    @Option(names = "--label-smoothing", description = "Cross-entropy label smoothing (report: 0; fast: 0.1).")
    Double labelSmoothing;
    @Option(names = "--seed", description = "Seed for weights, shuffling, augmentation and the validation split (default 42).")
    Long seed;
    @Option(names = "--target", description = "Stop once this accuracy (percent) is reached (report: 99.0; fast: none, the one-cycle schedule runs to its end).")
    Double target;
    @Option(names = "--no-target", description = "Never stop early.")
    boolean noTarget;
    @Option(names = "--early-stop-on", description = "validation (default: 5,000 held-out training images) or test (the report's way, which leaks the test set).")
    String earlyStopOn;
    @Option(names = "--no-augment", description = "Train without random rotation and shift.")
    boolean noAugment;
    @Option(names = "--rotation", description = "Largest random rotation in degrees (report: 10; fast: 8).")
    Float rotation;
    @Option(names = "--shift", description = "Largest random shift as a fraction of the side (report: 0.1; fast: 0.08).")
    Float shift;
    @Option(names = "--validation", description = "Training images held out for validation (default 5000; 0 for none).")
    Integer validation;
    @Option(names = "--limit", description = "Train on only the first N training images (0: all).")
    Integer limit;
    @Option(names = "--data", description = "Folder with the four MNIST-format files (default: the bundled data/mnist).")
    Path data;
    @Option(names = "--out", description = "Run folder to write; must be new or empty (default: runs/<timestamp>).")
    Path out;
    @Option(names = "--precision", description = "fp32 (default) or bf16: the residual blocks of each training step compute in bfloat16"
            + " (mixed precision, as PyTorch's autocast; weights, batch-norm statistics, loss and AdamW stay float32, evaluation is float32)."
            + " About 2x faster for the report's network on CPUs with AVX512-BF16 or AMX; no faster for the fast default.")
    String precision;

    @Override
    public Integer call() throws Exception {
        Recipe r = recipe();
        Main.warnIfBf16Emulated(r.precision());
        Path runDir = out != null ? RunFolder.createExact(out) : RunFolder.createTimestamped(Path.of("runs"));
        System.out.println("run folder: " + runDir);
        // Ctrl-C or SIGTERM: every file is renamed into place whole, so the folder holds the last completed epoch
        Thread interrupted = new Thread(() -> System.err.println(System.lineSeparator()
                + "interrupted: " + runDir + " holds the weights and metrics of the last completed epoch"));
        Runtime.getRuntime().addShutdownHook(interrupted);
        Training.Result result = new Training(r, runDir, System.out, ProgressBar.isTerminal()).run();
        Runtime.getRuntime().removeShutdownHook(interrupted);
        System.out.printf("final model: test loss %.4f, test accuracy %.2f%% (%d/%d), %.1f s of training%n",
                result.finalTest().loss(), result.finalTest().accuracy(), result.finalTest().correct(),
                result.finalTest().size(), result.trainSeconds());
        for (double t : Training.THRESHOLDS) {
            Double s = result.secondsToThreshold().get(String.valueOf(t));
            System.out.printf("  time to %.2f%% test accuracy: %s%n", t, s == null ? "not reached" : String.format("%.1f s", s));
        }
 RunReport.write(result.finalTest(), result.test(), result.info(), runDir, runDir, new PrintStream(OutputStream.nullOutputStream()));
        System.out.println("saved: " + runDir.resolve("model.params") + " (final), best.params (best on "
                + (r.earlyStopOn().equals("test") || r.validation() == 0 ? "test" : "validation")
                + "), model.json, metrics.csv, config.json, report.html, report.md and the evaluation pictures");
        return 0;
    }

    Recipe recipe() {
        Recipe p = Recipe.preset(preset);
        double tgt = noTarget ? Double.NaN : or(target, p.target());
        return new Recipe(p.preset(), or(arch, p.arch()), or(width, p.width()), or(epochs, p.epochs()),
                or(batchSize, p.batchSize()), or(lr, p.lr()), or(weightDecay, p.weightDecay()),
                or(schedule, p.schedule()), p.tMax(), p.warmup(), or(labelSmoothing, p.labelSmoothing()),
                noAugment ? 0 : or(rotation, p.rotation()), noAugment ? 0 : or(shift, p.shift()), or(seed, p.seed()), tgt,
                or(earlyStopOn, p.earlyStopOn()), or(validation, p.validation()), or(limit, p.limit()),
                or(data, p.data()), precision == null ? p.precision() : Precision.parse(precision)).validate();
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
