package dev.digits.cli;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.read.DigitGate;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import dev.digits.readeval.GateFit;
import dev.digits.readeval.GateMeasurement;
import dev.digits.readeval.NonDigits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "read-gate", mixinStandardHelpOptions = true,
        header = "Measure (or with --fit, fit) the 'not a digit' decision of a model.",
        description = {"Measure the 'not a digit' decision: the share of MNIST test digits it wrongly rejects, and the share",
                "of a generated set of non-digits (letters in several fonts, scribbles, shapes, noise, empty frames) it rejects.",
                "With --fit, first fit the decision's statistics of the model's features on MNIST training digits.",
                "The gate belongs to the final weights (model.params): --weights best is refused."})
final class ReadGateCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;
    @Option(names = "--seed", defaultValue = "14", description = "Seed of the non-digit set (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--others", defaultValue = "200", paramLabel = "N",
            description = "Scribbles, shapes and noise pictures, N of each, and N/2 empty frames (default: ${DEFAULT-VALUE}).")
    int others;
    @Option(names = "--out", paramLabel = "DIR", description = "Write gate.md there (and the non-digit pictures under DIR/non-digits/ with --write-set).")
    Path out;
    @Option(names = "--write-set", description = "Also write every non-digit picture as a PNG (needs --out).")
    boolean writeSet;
    @Option(names = "--fit", description = "First fit the model's feature statistics on MNIST training digits and write RUN_DIR/" + RunFolder.GATE + ".")
    boolean fit;
    @Option(names = "--sample", defaultValue = "20000", description = "With --fit: training digits to fit on, 1000 to 60000 (default: ${DEFAULT-VALUE}).")
    int sample;
    @Option(names = "--quantile", defaultValue = "0.998", description = "With --fit: share of training digits within the threshold (default: ${DEFAULT-VALUE}).")
    double quantile;
    @Option(names = "--probe-quantile", defaultValue = "0.998",
            description = "With --fit: share of held-out training digits within the probe's threshold (default: ${DEFAULT-VALUE}).")
    double probeQuantile;

    @Override
    public Integer call() throws Exception {
        if (model.weights() != Weights.MODEL) {
            throw new IllegalArgumentException("--weights " + model.weights() + ": the gate belongs to the final weights"
                    + " (model.params), the only ones read and predict judge with it; leave --weights out");
        }
        // measured: 100 digits fitted a threshold that then rejected 94% of the test digits
        if (sample < 1000 || sample > 60000) {
            throw new IllegalArgumentException("--sample must be between 1000 (fewer fit a gate that rejects most digits) and 60000"
                    + " (the training digits), got " + sample);
        }
        if (fit && model.model == null) {
            throw new IllegalArgumentException("read-gate --fit needs --model RUN_DIR: the model folder to write " + RunFolder.GATE
                    + " into (without it, the newest run's or the shipped model's would be replaced)");
        }
        if (others < 0) throw new IllegalArgumentException("--others must be at least 0, got " + others);
        if (writeSet && out == null) throw new IllegalArgumentException("--write-set needs --out DIR");
        Main.requireFolder("--out", out);
        if (!(quantile > 0.5 && quantile <= 1)) throw new IllegalArgumentException("--quantile must be in (0.5, 1]");
        if (!(probeQuantile > 0.5 && probeQuantile <= 1)) throw new IllegalArgumentException("--probe-quantile must be in (0.5, 1]");
        List<NonDigits.Sample> set = NonDigits.make(seed, others);
        if (writeSet) {
            Path dir = out.resolve("non-digits");
            for (int i = 0; i < set.size(); i++) {
                NonDigits.Sample s = set.get(i);
                String name = String.format("%04d-%s.png", i, s.kind().name().toLowerCase(java.util.Locale.ROOT));
                AtomicWrite.write(dir.resolve(name), o -> ImageIO.write(s.image(), "png", o));
            }
        }
        Mnist test = Dataset.MNIST.load(Mnist.Split.TEST);
        RunFolder run = model.folder(System.err);
        try (DigitClassifier classifier = DigitClassifier.load(run, Weights.MODEL, 1)) {
            if (fit) {
                try (RunFolder.Claim claim = run.claim()) { // not while a training (or another fit) writes the folder
                    DigitGate.Statistics st = GateFit.fit(classifier, Dataset.MNIST.load(Mnist.Split.TRAIN), sample, quantile,
                            probeQuantile, seed);
                    AtomicWrite.write(run.gate(), o -> st.write(o));
                    System.err.printf("wrote %s: threshold %.2f (%.1f%% of %,d training digits within it)%n",
                            run.gate(), st.maxDistance(), 100 * quantile, sample);
                }
            }
            DigitGate gate = DigitGate.of(run);
            if (!gate.measuresDistance()) {
                System.err.println("warning: " + run.gate() + " missing: judging by confidence only (make it with --fit)");
            }
            GateMeasurement m = GateMeasurement.measure(classifier, gate, test, set, NonDigits.printedDigits(seed));
            String md = m.markdown();
            System.out.print(md);
            if (out != null) {
                AtomicWrite.write(out.resolve("gate.md"), o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return 0;
    }
}
