package dev.digits.cli;

import dev.digits.internal.data.Distortions;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.eval.Evaluation;
import dev.digits.internal.eval.OtherSet;
import dev.digits.internal.eval.Report;
import dev.digits.internal.eval.RunReport;
import dev.digits.internal.eval.Temperature;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.model.Family;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.Precision;
import dev.digits.internal.model.Views;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import dev.digits.internal.train.Calibrate;
import dev.digits.internal.train.Milestones;
import dev.digits.internal.train.Preset;
import dev.digits.internal.train.ProgressBar;
import dev.digits.internal.train.Recipe;
import dev.digits.internal.train.Recipe.Annealing;
import dev.digits.internal.train.Recipe.Augmentation;
import dev.digits.internal.train.Recipe.Data;
import dev.digits.internal.train.Recipe.Optimiser;
import dev.digits.internal.train.Recipe.Stopping;
import dev.digits.internal.train.ResumePoint;
import dev.digits.internal.train.Training;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the MNIST ResNet and write a run folder (weights, model.json, metrics.csv, config.json, report).",
                "Presets: 'fast' (default) is the CPU recipe; 'report' is the report's exact network and recipe (a GPU network).",
                "Every flag below defaults to the preset's value (the table at the end)."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "fast", description = "fast, report or best (default: ${DEFAULT-VALUE}).")
    Preset preset;
    @Option(names = "--arch", description = "Network family member: report or fast.")
    Family arch;
    @Option(names = "--width", description = "Channels of the first stage, a multiple of 16; stages are width, 2*width, 4*width.")
    Integer width;
    @Option(names = "--epochs", description = "Most epochs to train.")
    Integer epochs;
    @Option(names = "--batch-size", description = "Images per batch.")
    Integer batchSize;
    @Option(names = "--lr", description = "Learning rate: the base of cosine annealing, or the peak of one-cycle.")
    Double lr;
    @Option(names = "--weight-decay", description = "AdamW weight decay.")
    Double weightDecay;
    @Option(names = "--schedule", description = "cosine (the report's, T_max 10 epochs), onecycle, or constant (the rate throughout).")
    Annealing.Kind schedule;
    @Option(names = "--label-smoothing", description = "Cross-entropy label smoothing.")
    Double labelSmoothing;
    @Option(names = "--ema", paramLabel = "DECAY", description = "Keep a moving average of the weights (0.999: each step moves it"
            + " a thousandth of the way, more over the first steps) and save and evaluate it instead of the last weights; 0 for none.")
    Double ema;
    @Option(names = "--seed", description = "Seed for weights, shuffling, augmentation and the validation split.")
    Long seed;
    @Option(names = "--target", description = "Stop once this accuracy (percent) is reached.")
    Double target;
    @Option(names = "--no-target", description = "Never stop early.")
    boolean noTarget;
    @Option(names = "--early-stop-on", description = "validation (held-out training images) or test (the report's way, which leaks the test set).")
    Stopping.On earlyStopOn;
    @Option(names = "--no-augment", description = "Train without random rotation and shift.")
    boolean noAugment;
    @Option(names = "--rotation", description = "Largest random rotation in degrees.")
    Float rotation;
    @Option(names = "--shift", description = "Largest random shift as a fraction of the side.")
    Float shift;
    @Option(names = "--scale", description = "Largest random change of size, as a fraction (0.1: 90%% to 110%%).")
    Float scale;
    @Option(names = "--aspect", description = "Largest random change of the width-to-height ratio, as a fraction.")
    Float aspect;
    @Option(names = "--elastic", description = "Strength of the elastic distortion in pixels (Simard et al. 2003 use 34 with sigma 4); 0 for none.")
    Float elastic;
    @Option(names = "--stroke", description = "Share of images whose strokes are made one pixel thicker or thinner.")
    Float stroke;
    @Option(names = "--stroke-pixels", paramLabel = "N",
            description = "With --stroke: the most pixels a stroke changes by, 1 or 2 (2: one or two, half each).")
    Integer strokePixels;
    @Option(names = "--shear", paramLabel = "S", description = "Largest random slant, as dx/dy (0.3: the top moved by up to 30%% of the height either way); 0 for none.")
    Float shear;
    @Option(names = "--validation", description = "Training images held out for validation (0 for none).")
    Integer validation;
    @Option(names = "--limit", description = "Train on only the first N training images (0: all).")
    Integer limit;
    @Option(names = "--extra-data", split = ",", paramLabel = "SET", description = "Train on these sets' training splits as well"
            + " (usps: USPS's 7,291 training digits, read through predict's preprocessing); validation and test stay MNIST's,"
            + " and model.json's config names them.")
    List<String> extraData;
    @Option(names = "--numbers", paramLabel = "N", description = "Train also on what the reader (./mnist read) cuts out of N numbers"
            + " written with the run's own training digits (composed as read-bench's: size, slant, strokes, paper, touching neighbours):"
            + " the whole digits, and a seventh of the pieces that are not one digit, toward equal probabilities for all ten"
            + " (outlier exposure). 2000 adds about 20,000 of each, made in half a minute. 0: none.")
    Integer numbers;
    @Option(names = "--data", description = "Folder with the four MNIST-format files (default: the bundled data/mnist).")
    Path data;
    @Option(names = "--out", description = "Run folder to write; must be new or empty (default: runs/<timestamp>).")
    Path out;
    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its last completed epoch,"
            + " with the recipe in its config.json (so no other flag): it ends with the weights of a run never interrupted.")
    Path resume;
    @Option(names = "--precision", description = "fp32 or bf16: the residual blocks of each training step compute in bfloat16"
            + " (mixed precision, as PyTorch's autocast; weights, batch-norm statistics, loss and AdamW stay float32, evaluation is float32)."
            + " About 2x faster for the report's network on CPUs with AVX512-BF16 or AMX; no faster for the fast default.")
    String precision;
    @Option(names = "--views", paramLabel = "N", description = "Test-time views the saved model reads each digit in: 1, 5 or 9"
            + " (also moved by a pixel; probabilities averaged). The epochs are evaluated, and the best chosen, in one view.")
    Integer views;
    @Option(names = "--no-usps", description = "Leave out the USPS test accuracy (other writers' digits) at the end of the run.")
    boolean noUsps;

    @Override
    public Integer call() throws Exception {
        if (resume != null) return resume();
        Recipe r = recipe();
        boolean existed = out != null && Files.exists(out);
        RunFolder run = null;
        // held while training: a second run given the same --out refuses
        try (RunFolder.Claim claim = out != null ? RunFolder.claimExact(out) : RunFolder.createTimestamped(RunFolder.RUNS).claim()) {
            run = claim.run();
            return train(r, run, null);
        } catch (Exception | Error e) {
            // a run that failed before writing anything (its data unreadable) leaves no folder it made
            if (run != null && !existed) deleteIfOnlyLock(run.dir(), e);
            throw e;
        }
    }

    private static void deleteIfOnlyLock(Path dir, Throwable cause) {
        try (var entries = Files.list(dir)) {
            if (entries.allMatch(f -> f.getFileName().toString().equals(RunFolder.LOCK))) {
                Files.deleteIfExists(dir.resolve(RunFolder.LOCK));
                Files.deleteIfExists(dir);
            }
        } catch (java.io.IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** {@code --resume}: the run folder's own recipe, from its last completed epoch; a complete run is left as it is. */
    private Integer resume() throws Exception {
        List<String> flags = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(OptionSpec::longestName).filter(n -> !Set.of("--resume", "--verbose", "--no-usps").contains(n)).toList();
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("--resume takes the recipe from " + resume.resolve(RunFolder.CONFIG)
                    + "; drop " + String.join(", ", flags));
        }
        ResumePoint.of(new RunFolder(resume)); // not a run folder: its own error, before anything is written
        try (RunFolder.Claim claim = new RunFolder(resume).claim()) {
            ResumePoint point = ResumePoint.of(claim.run());
            if (point.complete() != null) {
                point.restoreFiles(); // tidies up after a run stopped as it finished; changes nothing otherwise
                RunFolder run = point.run();
                ModelInfo info = run.readInfo();
                Mnist validation = Training.split(point.recipe()).validation();
                // the end writes the calibration (or fails to fit one), USPS, then report.md and last report.html
                if (Files.isRegularFile(run.dir().resolve(Report.HTML_FILE))) {
                    System.out.println(run + " is complete (" + point.complete() + "); nothing to resume");
                    return 0;
                }
                // stopped after its last epoch, before its end was written: calibration, USPS, report
                System.out.println(run + " is complete (" + point.complete() + "); writing what its end left undone");
                finish(point.recipe(), run, info, null, Mnist.load(point.recipe().data().dir(), Mnist.Split.TEST), validation,
                        noUsps ? null : EvalCommand.usps());
                return 0;
            }
            return train(point.recipe(), point.run(), point);
        }
    }

    private Integer train(Recipe r, RunFolder run, ResumePoint from) throws Exception {
        Main.warnIfBf16Emulated(r.precision());
        Mnist usps = noUsps ? null : EvalCommand.usps(); // read before training, so a missing folder fails at once
        System.out.println("run folder: " + run);
        // Ctrl-C or SIGTERM during the epochs: Training stops between batches and says how to go on
        Training.Result result = new Training(r, run, System.out, ProgressBar.isTerminal(), commandLine())
                .resumeWith(noUsps ? "--no-usps" : "").run(from);
        System.out.printf("final model: test loss %.4f, test accuracy %.2f%% (%d/%d), %.1f s of training%n",
                result.finalTest().loss(), result.finalTest().accuracy(), result.finalTest().correct(),
                result.finalTest().size(), result.trainSeconds());
        for (double t : Milestones.THRESHOLDS) {
            Double s = result.secondsToThreshold().get(Milestones.key(t));
            System.out.printf("  time to %.2f%% test accuracy: %s%n", t, s == null ? "not reached" : String.format("%.1f s", s));
        }
        // after them: every file is renamed into place whole, and --resume writes what the end left undone
        Thread interrupted = new Thread(() -> System.err.println(System.lineSeparator() + "interrupted: " + run
                + " holds all its epochs; ./mnist train --resume " + run + (noUsps ? " --no-usps" : "")
                + " writes the calibration and report it lacks"));
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            finish(r, run, result.info(), result.finalTest(), result.test(), result.validation(), usps);
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }
        boolean onTest = r.stopping().on() == Stopping.On.TEST || r.data().validation() == 0;
        System.out.println("saved: " + run.weights(Weights.MODEL) + " (final), " + Weights.BEST.fileName() + " (best on "
                + (onTest ? "test" : "validation") + "), " + RunFolder.INFO + ", " + RunFolder.METRICS + ", "
                + RunFolder.CONFIG + ", report.html, report.md and the evaluation pictures");
        return 0;
    }

    /**
     * After the last epoch: the probabilities calibrated on {@code validation} (null: none held
     * out), the USPS accuracy and the report, each of the saved final weights as eval reads them.
     * {@code test} is the uncalibrated evaluation training made of them, or null; calibrated, the
     * test set is read again (the answers are the same, their probabilities and so the report's
     * loss and calibration are not).
     */
    static void finish(Recipe r, RunFolder run, ModelInfo info, Evaluation test, Mnist testSet, Mnist validation, Mnist usps)
            throws Exception {
        if (info.temperature() == null && validation != null) {
            try {
                Temperature t = Calibrate.fit(run, info, validation);
                System.out.println(CalibrateCommand.line(run, t));
                info = info.withTemperature(t.value());
            } catch (ModelException e) {
                System.out.println("not calibrated: " + e.getMessage());
            }
        }
        boolean views = info.views().count() > 1; // the epochs were read in one view, the saved model reads in several
        boolean evaluate = test == null || info.temperature() != null || views;
        List<OtherSet> others = List.of();
        if (evaluate || usps != null) {
            try (DigitClassifier classifier = DigitClassifier.load(run, Weights.MODEL, 1)) {
                if (evaluate) test = Evaluation.of(classifier, testSet);
                if (views) {
                    System.out.printf("the saved model reads each digit in %d views: test accuracy %.2f%% (%d/%d)%n",
                            info.views().count(), test.accuracy(), test.correct(), test.size());
                }
                if (usps != null) others = List.of(OtherSet.of(Dataset.USPS, usps, classifier));
            }
        }
        if (usps != null) {
            System.out.println(others.get(0).line());
            ModelInfo saved = run.readInfo();
            run.writeInfo(saved.withMetrics(saved.metrics().withUsps(others.get(0).matrix().accuracy())));
        }
        RunReport.write(test, testSet, "MNIST test, " + r.data().dir(), others, null, info, run.dir(), run.dir(),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    /** This command as typed, for model.json: {@code ./mnist train --seed 42}. */
    String commandLine() {
        StringBuilder s = new StringBuilder("./mnist train");
        java.util.List<String> args = spec.commandLine().getParseResult().originalArgs(); // mnist's, "train" included
        for (String arg : args.subList(args.indexOf(spec.name()) + 1, args.size())) {
            s.append(' ').append(arg.matches("[\\w@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }

    /** The preset with every flag given applied over it. */
    Recipe recipe() {
        Recipe p = preset.recipe();
        refuseContradictions(p);
        Optimiser o = p.optimiser();
        Distortions pd = p.augmentation().distortions();
        Augmentation a = noAugment ? Augmentation.NONE
                : new Augmentation(or(rotation, p.augmentation().rotation()), or(shift, p.augmentation().shift()),
                        new Distortions(or(scale, pd.scale()), or(aspect, pd.aspect()), or(elastic, pd.elasticAlpha()),
                                pd.elasticSigma(), or(stroke, pd.strokeChance()), or(strokePixels, pd.strokePixels()),
                                or(shear, pd.shear())));
        Stopping s = p.stopping();
        Data d = p.data();
        return new Recipe(preset, or(arch, p.family()), or(width, p.width()), or(batchSize, p.batchSize()), or(seed, p.seed()),
                precision == null ? p.precision() : Precision.parse(precision),
                new Optimiser(or(lr, o.lr()), or(weightDecay, o.weightDecay()), or(labelSmoothing, o.labelSmoothing()), o.kind(),
                        or(ema, o.ema())),
                new Annealing(or(schedule, p.annealing().kind()), p.annealing().tMax(), p.annealing().warmup()),
                a,
                new Stopping(or(epochs, s.epochs()), noTarget ? Double.NaN : or(target, s.target()), or(earlyStopOn, s.on())),
                // absolute, so that --resume and calibrate find it from any working folder
                new Data(data != null ? data.toAbsolutePath().normalize() : d.dir(), or(validation, d.validation()), or(limit, d.limit()),
                        extra(d), or(numbers, d.numbers())),
                p.structure(),
                views == null ? p.views() : views(views)).validate();
    }

    /** Flags that contradict each other, or do nothing with the others: refused rather than one silently ignored. */
    private void refuseContradictions(Recipe preset) {
        if (target != null && noTarget) throw new IllegalArgumentException("--target and --no-target contradict each other; give one");
        if (noAugment) {
            List<String> given = new java.util.ArrayList<>();
            Object[] values = {rotation, shift, scale, aspect, elastic, stroke, strokePixels, shear};
            String[] names = {"--rotation", "--shift", "--scale", "--aspect", "--elastic", "--stroke", "--stroke-pixels", "--shear"};
            for (int i = 0; i < names.length; i++) if (values[i] != null) given.add(names[i]);
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("--no-augment trains on the digits as they are; drop " + String.join(", ", given));
            }
        }
        int held = or(validation, preset.data().validation());
        if (earlyStopOn == Stopping.On.VALIDATION && held == 0) {
            throw new IllegalArgumentException("--early-stop-on validation needs a validation split; --validation 0 holds none out");
        }
        float strokeChance = or(stroke, preset.augmentation().distortions().strokeChance());
        if (strokePixels != null && strokeChance == 0) {
            throw new IllegalArgumentException("--stroke-pixels changes strokes only with --stroke above 0 (this recipe's is 0)");
        }
    }

    /** {@code --views}: {@link Views} checks the count; its message is put in the flag's name. */
    private static Views views(int n) {
        try {
            return new Views(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }

    private Set<Dataset> extra(Data preset) {
        if (extraData == null) return preset.extra();
        Set<Dataset> sets = EnumSet.noneOf(Dataset.class);
        for (String name : extraData) {
            Dataset set = Dataset.named(name.trim());
            if (set == null || set == Dataset.MNIST) {
                throw new IllegalArgumentException("--extra-data: unknown set '" + name + "' (expected usps)");
            }
            sets.add(set);
        }
        return sets;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
