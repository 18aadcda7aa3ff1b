package dev.digits.cli;

import dev.digits.bench.Benchmarks;
import dev.digits.bench.Measurement;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.Precision;
import dev.digits.internal.model.Family;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import dev.digits.internal.train.Preset;
import dev.digits.internal.train.Recipe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure speed; prints one JSON object per measurement (and appends it to --out).",
                "Compare 'bench train --arch report' with the PyTorch peer's throughput mode (scripts/compare-peer.sh): same field names."},
        subcommands = {BenchCommand.Train.class, BenchCommand.Infer.class, BenchCommand.Data.class})
final class BenchCommand implements Runnable {

    @Option(names = "--out", scope = picocli.CommandLine.ScopeType.INHERIT, description = "Also append each JSON line to this file.")
    Path out;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /**
     * Refuses, before anything is measured, an {@code --out} that is a folder, or a file that is not
     * JSON lines (one object a line, as this command writes): appending to a model.json broke it.
     */
    void requireOut() throws IOException {
        if (out == null) return;
        if (java.nio.file.Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + ": a folder; it names the file to append to");
        if (java.nio.file.Files.isRegularFile(out) && java.nio.file.Files.size(out) > 0) {
            String text;
            try {
                text = java.nio.file.Files.readString(out);
            } catch (java.nio.charset.CharacterCodingException binary) {
                text = ""; // not text at all
            }
            if (!text.endsWith("\n") || !text.lines().allMatch(l -> l.startsWith("{") && l.endsWith("}"))) {
                throw new IllegalArgumentException("--out " + out + ": not a file of JSON lines (one measurement a line); not appended to");
            }
        }
    }

    void emit(Measurement m) throws IOException {
        System.out.println(m.toJson());
        if (out != null) m.appendTo(out);
    }

    static Architecture arch(Family arch, Integer width) {
        Recipe fast = Preset.FAST.recipe();
        Family a = arch != null ? arch : fast.family();
        int w = width != null ? width : (a == fast.family() ? fast.width() : Preset.REPORT.recipe().width());
        return a.at(w);
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Training images per second (after 2 warm-up batches).")
    static final class Train implements Callable<Integer> {
        @ParentCommand BenchCommand parent;
        @Option(names = "--arch", description = "report or fast (default: the default training preset's).") Family arch;
        @Option(names = "--width", description = "Width, a multiple of 16 (default: the preset's; 128 for report).") Integer width;
        @Option(names = "--batch-size", defaultValue = "128", description = "Default ${DEFAULT-VALUE}.") int batchSize;
        @Option(names = "--batches", defaultValue = "20", description = "Timed batches (default ${DEFAULT-VALUE}).") int batches;
        @Option(names = "--seed", defaultValue = "42") long seed;
        @Option(names = "--precision", defaultValue = "fp32", description = "fp32 (default) or bf16: the training precision, as 'train --precision'.") String precision;
        @Option(names = "--profile", paramLabel = "FILE", description = "Also profile the timed batches per operator (libtorch's profiler; slows them) into this Chrome trace; summarise it with scripts/profile-summary.py.") Path profile;

        @Override
        public Integer call() throws IOException {
            parent.requireOut();
            if (batchSize <= 0 || batchSize > 4096) {
                throw new IllegalArgumentException("--batch-size must be between 1 and 4096 (as for train), got " + batchSize);
            }
            if (batches <= 0) throw new IllegalArgumentException("--batches must be positive, got " + batches);
            Precision p = Precision.parse(precision);
            Main.warnIfBf16Emulated(p);
            if (profile != null) {
                // libtorch opens the trace only after the timed batches: fail before them, not after
                if (java.nio.file.Files.isDirectory(profile)) throw new IllegalArgumentException("--profile " + profile + ": a folder; it names the trace file");
                Path folder = profile.toAbsolutePath().getParent();
                if (!java.nio.file.Files.isDirectory(folder) || !java.nio.file.Files.isWritable(folder)) {
                    throw new IllegalArgumentException("--profile: cannot write " + profile + ": " + folder + " is not a writable folder");
                }
            }
            Mnist data = Mnist.load(Mnist.BUNDLED, Mnist.Split.TRAIN);
            parent.emit(Benchmarks.train(data, arch(arch, width), p, batchSize, batches, seed, profile));
            return 0;
        }
    }

    @Command(name = "infer", mixinStandardHelpOptions = true,
            description = "Inference images per second at batch 1, 32 and 1,024, and single-image latency p50/p99.")
    static final class Infer implements Callable<Integer> {
        @ParentCommand BenchCommand parent;
        @Option(names = "--model", description = "A run folder (default: untrained weights of --arch/--width; speed does not depend on the weights).") Path model;
        @Option(names = "--arch", description = "Without --model: the network family to measure untrained, report or fast (default: fast).") Family arch;
        @Option(names = "--width", description = "Without --model: its first stage's channels (default: the family's preset width).") Integer width;
        @Option(names = "--calls", defaultValue = "1000", description = "Single-image calls for the latency figures (default: ${DEFAULT-VALUE}).") int calls;

        @Override
        public Integer call() throws IOException {
            parent.requireOut();
            if (calls < 1 || calls > 1_000_000) throw new IllegalArgumentException("--calls must be between 1 and 1000000, got " + calls);
            if (model != null && (arch != null || width != null)) {
                throw new IllegalArgumentException("--model is measured as it is; --arch and --width are for untrained weights without it");
            }
            Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
            try (DigitClassifier c = model != null ? DigitClassifier.load(new RunFolder(model), Weights.MODEL, 1) : Benchmarks.untrained(arch(arch, width))) {
                Benchmarks.infer(c, test, calls, parent::emit);
            }
            return 0;
        }
    }

    @Command(name = "data", mixinStandardHelpOptions = true, description = "Images per second of the augmentation pipeline alone, on one thread.")
    static final class Data implements Callable<Integer> {
        @ParentCommand BenchCommand parent;
        @Option(names = "--batches", defaultValue = "200") int batches;

        @Override
        public Integer call() throws IOException {
            parent.requireOut();
            if (batches <= 0) throw new IllegalArgumentException("--batches must be positive, got " + batches);
            parent.emit(Benchmarks.data(Mnist.load(Mnist.BUNDLED, Mnist.Split.TRAIN), 128, batches));
            return 0;
        }
    }
}
