package dev.digits.cli;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.eval.Evaluation;
import dev.digits.internal.eval.OtherSet;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.io.Folders;
import dev.digits.internal.run.Ensemble;
import dev.digits.internal.run.Metrics;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import dev.digits.internal.model.Views;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = {"Combine trained runs into one model folder whose answer is the mean of their probabilities.",
                "The folder holds copies of the members, so it moves as one; eval, predict and serve take it with --model.",
                "With --views 5 or 9 it also reads each digit moved by one pixel (test-time augmentation), averaging those too;",
                "one run with --views makes a single network that reads each digit several times.",
                "Prints each member's and the ensemble's test accuracy, and records them in its model.json."})
final class EnsembleCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run folders written by 'mnist train' (two or more, or one with --views).")
    List<Path> runs;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write; must be new or empty.")
    Path out;
    @Option(names = "--views", defaultValue = "1", description = "Test-time views of each digit: 1 (as it is), 5 (also moved"
            + " one pixel left, right, up, down) or 9 (and diagonally); 9 costs 9 times the inference work. Default: ${DEFAULT-VALUE}.")
    int views;
    @Option(names = "--no-usps", description = "Leave out the USPS accuracies (other writers) of the members and the ensemble.")
    boolean noUsps;
    @Option(names = "--data", description = "Folder with the MNIST-format test files (default: the bundled data/mnist).")
    Path data;

    @Override
    public Integer call() throws Exception {
        Views v = new Views(views); // 1, 5 or 9
        Ensemble.requireMembers(runs.size(), v); // both checked before anything is read or written
        Set<Path> seen = new HashSet<>();
        for (Path r : runs) {
            if (!seen.add(Files.exists(r) ? r.toRealPath() : r.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(r + " is given twice: each member must be another run");
            }
        }
        List<RunFolder> members = runs.stream().map(RunFolder::new).toList();
        for (RunFolder m : members) m.readInfo(); // a bad folder is refused before anything is written
        Mnist test = Mnist.load(data != null ? data : Mnist.BUNDLED, Mnist.Split.TEST);
        // Built in --out's .partial and moved into place at the end, so that --out holds an ensemble
        // or nothing: a failed run deletes what it wrote, and one stopped by Ctrl-C or a kill leaves
        // only .partial, which the hook deletes and, should it not run, the next claim of --out does.
        try (RunFolder.Claim claim = RunFolder.claimExact(out)) {
            RunFolder partial = RunFolder.createExact(out.resolve(RunFolder.PARTIAL));
            Thread cleanup = new Thread(() -> {
                try {
                    Folders.deleteTree(partial.dir());
                    // stopped between publish's two moves: members without the model.json that makes them one
                    if (!Files.exists(out.resolve(RunFolder.INFO))) Folders.deleteTree(out.resolve(RunFolder.MEMBERS));
                } catch (IOException | RuntimeException e) {
                    // the next claim of --out deletes what is left of .partial
                }
            }, "ensemble-interrupted");
            Runtime.getRuntime().addShutdownHook(cleanup);
            int code;
            try {
                code = combine(members, v, partial, test);
                publish(partial.dir(), out);
            } catch (Exception | Error e) {
                Folders.deleteTree(partial.dir(), e);
                Folders.deleteTree(out.resolve(RunFolder.MEMBERS), e); // moved before model.json's move failed
                throw e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it deletes what is left
                }
            }
            Folders.deleteTree(partial.dir()); // published: what is left of .partial is its own .lock
            return code;
        }
    }

    /** Moves the ensemble's members, then its model.json (which makes the folder a model), from {@code partial} into {@code out}. */
    private static void publish(Path partial, Path out) throws IOException {
        Files.move(partial.resolve(RunFolder.MEMBERS), out.resolve(RunFolder.MEMBERS), StandardCopyOption.ATOMIC_MOVE);
        Files.move(partial.resolve(RunFolder.INFO), out.resolve(RunFolder.INFO), StandardCopyOption.ATOMIC_MOVE);
    }

    private int combine(List<RunFolder> members, Views v, RunFolder folder, Mnist test) throws IOException {
        ModelInfo info = Ensemble.create(members, v, folder, "./mnist ensemble " + String.join(" ",
                runs.stream().map(Path::toString).toList()) + (views == 1 ? "" : " --views " + views) + " --out " + out);
        Mnist usps = noUsps ? null : EvalCommand.usps();
        List<Double> accuracies = new ArrayList<>();
        for (RunFolder m : members) {
            try (DigitClassifier c = DigitClassifier.load(m, Weights.MODEL, 1)) {
                Evaluation e = Evaluation.of(c, test);
                accuracies.add(e.accuracy());
                System.out.printf("member %s: test accuracy %.2f%%%s%n", m, e.accuracy(), usps == null ? ""
                        : String.format(", USPS %.2f%%", OtherSet.of(Dataset.USPS, usps, c).matrix().accuracy()));
            }
        }
        folder.writeInfo(info);
        try (DigitClassifier ensemble = DigitClassifier.load(folder, Weights.MODEL, 1)) {
            Evaluation e = Evaluation.of(ensemble, test);
            double trainSeconds = 0;
            for (RunFolder m : members) {
                ModelInfo mi = m.readInfo();
                if (mi.metrics() != null) trainSeconds += mi.metrics().trainSeconds();
            }
            Metrics metrics = new Metrics(0, e.accuracy(), e.loss(), null, trainSeconds, Map.of());
            String uspsLine = "";
            if (usps != null) {
                double a = OtherSet.of(Dataset.USPS, usps, ensemble).matrix().accuracy();
                metrics = metrics.withUsps(a);
                uspsLine = String.format(", USPS %.2f%%", a);
            }
            folder.writeInfo(info.withMetrics(metrics));
            System.out.printf("ensemble of %d%s: test accuracy %.2f%% (%d/%d)%s, best member %.2f%%%n", members.size(),
                    views == 1 ? "" : " x " + views + " views",
                    e.accuracy(), e.correct(), e.size(), uspsLine, accuracies.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }
        System.out.println("saved: " + out.resolve(RunFolder.INFO) + " and " + members.size() + (members.size() == 1 ? " member in " : " members in ") + out.resolve(RunFolder.MEMBERS));
        return 0;
    }
}
