package dev.digits.cli;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.eval.Evaluation;
import dev.digits.internal.eval.OtherSet;
import dev.digits.internal.eval.Report;
import dev.digits.internal.eval.RunReport;
import dev.digits.internal.eval.Temperature;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.io.Folders;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import dev.digits.internal.train.Calibrate;
import dev.digits.internal.train.Milestones;
import dev.digits.internal.train.ProgressBar;
import dev.digits.internal.train.Recipe;
import dev.digits.internal.train.ResumePoint;
import dev.digits.internal.train.StopRule;
import dev.digits.internal.train.Training;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the MNIST ResNet and write a run folder (weights, model.json, metrics.csv, config.json, report).",
                "Presets: 'fast' (default) is the CPU recipe; 'report' is the report's exact network and recipe (a GPU network).",
                "Every flag below defaults to the preset's value (the table at the end)."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The recipe's flags, each over the preset's value. */
    @Mixin
    RecipeOptions options;
    @Option(names = "--out", description = "Run folder to write; must be new or empty (default: runs/<timestamp>).")
    Path out;
    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its last completed epoch,"
            + " with the recipe in its config.json (so no other flag): it ends with the weights of a run never interrupted.")
    Path resume;
    @Option(names = "--no-usps", description = "Leave out the USPS test accuracy (other writers' digits) at the end of the run.")
    boolean noUsps;

    @Override
    public Integer call() throws Exception {
        if (resume != null) return resume();
        Recipe r = recipe();
        boolean existed = out != null && Files.exists(out);
        RunFolder run;
        // held while training: a second run given the same --out refuses
        try (RunFolder.Claim claim = out != null ? RunFolder.claimExact(out) : RunFolder.createTimestamped(RunFolder.RUNS).claim()) {
            run = claim.run();
            try {
                return train(r, run, null);
            } catch (Exception | Error e) {
                // a run that failed before writing anything (its data unreadable) leaves no folder it made;
                // done holding the claim, so that no other run can have taken the folder meanwhile
                if (!existed) deleteIfUnused(run.dir(), e);
                throw e;
            }
        }
    }

    private static void deleteIfUnused(Path dir, Throwable cause) {
        try {
            if (RunFolder.holdsNothing(dir)) Folders.deleteTree(dir);
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
                // the end writes the calibration (or fails to fit one), USPS, then report.md and last report.html
                if (Files.isRegularFile(run.dir().resolve(Report.HTML_FILE))) {
                    System.out.println(run + " is complete (" + point.complete() + "); nothing to resume");
                    return 0;
                }
                // stopped after its last epoch, before its end was written: calibration, USPS, report
                System.out.println(run + " is complete (" + point.complete() + "); writing what its end left undone");
                finish(point.recipe(), run, run.readInfo(), null, Mnist.load(point.recipe().data().dir(), Mnist.Split.TEST),
                        Training.split(point.recipe()).validation(), noUsps ? null : EvalCommand.usps());
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
        boolean onTest = StopRule.testChooses(r, result.validation() != null);
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
                System.out.println(e.getMessage()); // "RUN: left uncalibrated: why"
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
        return options.recipe();
    }
}
