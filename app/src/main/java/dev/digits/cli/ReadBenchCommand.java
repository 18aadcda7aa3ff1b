package dev.digits.cli;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.numbers.NumberSet;
import dev.digits.internal.read.NumberReader;
import dev.digits.internal.read.StripModel;
import dev.digits.readeval.HardCases;
import dev.digits.readeval.ReadBenchmark;
import dev.digits.internal.run.RunFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "read-bench", mixinStandardHelpOptions = true,
        header = "Measure 'read' on a benchmark of whole numbers written with MNIST test digits.",
        description = {"Measure 'read' on the benchmark of whole numbers: COUNT pictures of 2-6 digit numbers composed from the",
                "MNIST test set (random size, spacing, slant, curve, stroke width, paper, lighting; every fifth with touching",
                "digits), made again from --seed; on the 50 hard cases of issue #14 (written by code: strokes apart, touching",
                "digits, dots, underlines, slant, curve, polarity, lighting, photo-like paper), reported per kind; and on the",
                "pictures in --cases (PNG files named <number>-<what>.png)."})
final class ReadBenchCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;
    @Option(names = "--seed", defaultValue = "14", description = "Seed of the benchmark (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--count", defaultValue = "1000", description = "Numbers in the benchmark (default: ${DEFAULT-VALUE}).")
    int count;
    @Option(names = "--cases", paramLabel = "DIR", description = "Folder of hard cases, <number>-<what>.png.")
    Path cases;
    @Option(names = "--out", paramLabel = "DIR", description = "Write read-bench.md there (and the pictures under DIR/numbers/ with --write-set).")
    Path out;
    @Option(names = "--write-set", description = "Also write every benchmark picture as DIR/numbers/NNNN-<number>.png and the hard"
            + " cases as DIR/hard-cases/<number>-<kind>-<n>.png (needs --out).")
    boolean writeSet;

    @Override
    public Integer call() throws Exception {
        if (count < 0) throw new IllegalArgumentException("--count must be at least 0, got " + count);
        if (writeSet && out == null) throw new IllegalArgumentException("--write-set needs --out DIR");
        Main.requireFolder("--out", out);
        if (cases != null && !Files.isDirectory(cases)) throw new IllegalArgumentException(cases + ": no such folder");
        Mnist test = Dataset.MNIST.load(Mnist.Split.TEST);
        List<NumberSet.Item> set = NumberSet.make(test, count, seed);
        RunFolder run = model.folder(System.err);
        List<ReadBenchmark.Outcome> bench = new ArrayList<>();
        List<ReadBenchmark.Outcome> hard = new ArrayList<>();
        Map<HardCases.Kind, List<ReadBenchmark.Outcome>> made = new EnumMap<>(HardCases.Kind.class);
        String alone;
        try (DigitClassifier classifier = DigitClassifier.load(run, model.weights(), 1);
                StripModel strips = ModelOption.strips(run)) {
            System.err.println(strips == null ? "numbers read by their pieces alone (no " + RunFolder.NUMBER_NET + ")"
                    : "numbers read by their pieces, checked against the whole-number reader (" + RunFolder.NUMBER_NET + ")");
            NumberReader reader = NumberReader.of(classifier, model.gate(run, classifier), strips);
            for (int i = 0; i < set.size(); i++) {
                NumberSet.Item item = set.get(i);
                String name = String.format("%04d-%s.png", i, item.label());
                if (writeSet) AtomicWrite.write(out.resolve("numbers").resolve(name), o -> ImageIO.write(item.image(), "png", o));
                bench.add(ReadBenchmark.read(reader, name, item.label(), item.touching(), item.image()));
                if ((i + 1) % 25 == 0) { // the set's first N are the set of --count N: a partial run is a smaller benchmark
                    ReadBenchmark.Score sep = ReadBenchmark.score(bench, false), touch = ReadBenchmark.score(bench, true);
                    System.err.printf("%d of %d read: separated %d/%d exactly (digits %.2f%%), touching %d/%d exactly (digits %.2f%%)%n",
                            i + 1, set.size(), sep.exact(), sep.numbers(), 100 * sep.digitShare(),
                            touch.exact(), touch.numbers(), 100 * touch.digitShare());
                }
            }
            alone = ReadBenchmark.misreadAlone(bench, set, test, classifier);
            for (HardCases.Case c : HardCases.make()) {
                String name = c.name() + ".png";
                if (writeSet) AtomicWrite.write(out.resolve("hard-cases").resolve(name), o -> ImageIO.write(c.image(), "png", o));
                made.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(ReadBenchmark.read(reader, name, c.number(), false, c.image()));
            }
            if (cases != null) {
                List<Path> files;
                try (Stream<Path> s = Files.list(cases)) {
                    files = s.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList();
                }
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    String truth = name.substring(0, Math.max(0, name.indexOf('-')));
                    hard.add(ReadBenchmark.read(reader, name, truth, false, ImageDecoder.read(f)));
                }
            }
        }
        StringBuilder md = new StringBuilder(ReadBenchmark.header());
        md.append(ReadBenchmark.row("separated digits", ReadBenchmark.score(bench, false)));
        md.append(ReadBenchmark.row("touching digits", ReadBenchmark.score(bench, true)));
        md.append(ReadBenchmark.row("**all " + count + "**", ReadBenchmark.score(bench)));
        if (cases != null) md.append(ReadBenchmark.row("cases in " + cases, ReadBenchmark.score(hard)));
        md.append("\n").append(ReadBenchmark.failures(bench)).append("\n").append(alone);
        md.append("\nThe hard cases (issue #14), written by code (HardCases):\n\n").append(ReadBenchmark.header());
        made.forEach((kind, o) -> md.append(ReadBenchmark.row(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '), ReadBenchmark.score(o))));
        List<ReadBenchmark.Outcome> allMade = made.values().stream().flatMap(List::stream).toList();
        md.append(ReadBenchmark.row("**all " + allMade.size() + " hard cases**", ReadBenchmark.score(allMade)));
        md.append("\nMisread:\n\n");
        List<ReadBenchmark.Outcome> all = new ArrayList<>(bench);
        all.addAll(allMade);
        all.addAll(hard);
        for (ReadBenchmark.Outcome o : all) {
            if (!o.exact()) md.append(String.format("- %s: read %s%s%n", o.name(), o.read().isEmpty() ? "nothing" : o.read(),
                    o.touching() ? " (touching)" : ""));
        }
        System.out.print(md);
        if (out != null) AtomicWrite.write(out.resolve("read-bench.md"), o -> o.write(md.toString().getBytes(StandardCharsets.UTF_8)));
        return 0;
    }
}
