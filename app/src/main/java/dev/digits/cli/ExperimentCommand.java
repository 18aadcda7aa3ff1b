package dev.digits.cli;

import dev.digits.experiment.Experiment;
import dev.digits.experiment.Plan;
import dev.digits.experiment.RunResult;
import dev.digits.experiment.Settings;
import dev.digits.experiment.Sweep;
import dev.digits.experiment.SweepFolder;
import dev.digits.experiment.SweepReport;
import dev.digits.internal.train.Preset;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "experiment", mixinStandardHelpOptions = true,
        header = "Test a claim of the report: each variant of a recipe trained with several seeds, and compared.",
        description = {"Test a claim of the report: train each variant of the base recipe with several seeds, then write",
                "results.csv (one row per run), summary.md (mean +- std per variant, each claim read with Welch's t-test),",
                "accuracy.png (bars with error bars) and validation-curves.png (depth: gradient-norms.png too) in the sweep folder.",
                "Resumable: finished runs are kept; the same command again runs only the missing ones.",
                "  batch-size  batch 64, 128, 256 (and --values), the learning rate held and scaled with the batch",
                "  ablation    the whole recipe against: no residual connections, no batch norm (at the rate and a tenth of it),",
                "              no augmentation, SGD with momentum 0.9, a constant learning rate, no dropout in the shortcut",
                "  depth       plain against residual networks at 1, 2, 4 and 8 blocks per stage (or --values)"})
final class ExperimentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "batch-size, ablation or depth.")
    String name;
    @Option(names = "--seeds", description = "Runs of each variant, seeds 42, 43, ... (default: " + Settings.SEEDS + "; --quick: "
            + Settings.QUICK_SEEDS + ").")
    Integer seeds;
    @Option(names = "--epochs", description = "Epochs of each run (default: the preset's; --quick: " + Settings.QUICK_EPOCHS + ").")
    Integer epochs;
    @Option(names = "--preset", defaultValue = "fast", description = "The base recipe: fast, report or best (default: ${DEFAULT-VALUE}).")
    Preset preset;
    @Option(names = "--width", description = "Channels of the first stage, a multiple of 16 (default: the preset's).")
    Integer width;
    @Option(names = "--limit", description = "Train on the first N training images, a tenth of them held out for validation"
            + " (default: all; --quick: " + Settings.QUICK_LIMIT + ").")
    Integer limit;
    @Option(names = "--values", split = ",", paramLabel = "N", description = "batch-size: more batch sizes; depth: the blocks per stage.")
    List<Integer> values;
    @Option(names = "--quick", description = "Every variant on a small subset: " + Settings.QUICK_LIMIT + " images, "
            + Settings.QUICK_EPOCHS + " epoch, " + Settings.QUICK_SEEDS + " seeds; a few minutes.")
    boolean quick;
    @Option(names = "--out", description = "The sweep folder (default: runs/experiments/NAME-PRESET-wWIDTH-eEPOCHS[-limitN]).")
    Path out;
    @Option(names = "--only", split = ",", hidden = true, description = "Run only these variants (for tests).")
    Set<String> only;

    @Override
    public Integer call() throws Exception {
        Settings settings = new Settings(Experiment.named(name), preset, width, epochs, limit, seeds,
                values == null ? List.of() : values, quick, only == null ? Set.of() : only);
        Plan plan = settings.plan();
        Path dir = out != null ? out : settings.defaultFolder();
        Main.requireFolder("--out", dir);
        SweepFolder folder = new SweepFolder(dir);
        folder.claimFor(settings.experiment());
        String command = commandLine();
        Thread interrupted = new Thread(() -> System.err.println(System.lineSeparator() + "interrupted: the finished runs in " + dir
                + " are kept; the same command goes on from there"));
        Runtime.getRuntime().addShutdownHook(interrupted);
        List<RunResult> results;
        try {
            results = new Sweep(folder, plan, settings.seedList(), System.out, command).run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted); // an error is not an interruption
            } catch (IllegalStateException shuttingDown) {
                // interrupted after all: the hook says so
            }
        }
        List<Path> written = SweepReport.write(folder, plan, settings.base(), settings.seedList(), results, command);
        System.out.println("wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
        return 0;
    }

    /** This command as typed, for summary.md. */
    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        StringBuilder s = new StringBuilder("./mnist");
        for (String a : args.subList(args.indexOf(spec.name()), args.size())) {
            s.append(' ').append(a.matches("[\\w@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }
}
