package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's answers to bad input: one clear line, a non-zero exit, no stack trace. */
public class CliTest {

    @TempDir
    Path tmp;

    /** What a command did: its exit code and what it printed. */
    public record Outcome(int code, String out, String err) {}

    /** Runs {@code mnist ARGS} in this JVM, capturing what it prints. */
    public static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int code = Main.run(args);
            return new Outcome(code, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpListsTheCommandsAndEachCommandHasHelp() {
        Outcome o = run("--help");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("train", "eval", "predict");
        Outcome t = run("train", "--help");
        assertThat(t.code()).isZero();
        assertThat(t.out()).contains("--width", "--epochs", "--batch-size", "--lr", "--seed", "--target", "--no-augment",
                "--data", "--out", "--limit", "--early-stop-on", "--preset", "--precision");
        assertThat(run("eval", "--help").out()).contains("--model", "--data");
        // each command's summary in the list is a whole sentence, not its description's first line cut off
        String list = o.out().substring(o.out().indexOf("Commands:"));
        for (String name : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
            if (name.equals("help")) continue;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?s)\\n  " + java.util.regex.Pattern.quote(name)
                    + " +(.*?)(?=\\n  \\S|$)").matcher(list);
            assertThat(m.find()).as(name).isTrue();
            assertThat(m.group(1).strip()).as(name).endsWith(".");
        }
        assertThat(run("predict", "--version").out().strip()).isEqualTo(run("--version").out().strip()).startsWith("mnist ");
        assertThat(run("bench", "infer", "--version").out().strip()).isEqualTo(run("--version").out().strip());
    }

    @Test
    void everyCommandsHelpPrintsCleanlyWithNoWarning() {
        // picocli formats descriptions with String.format: a bare '%' in one prints a WARN line instead of the help
        for (String name : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
            Outcome o = run(name, "--help");
            assertThat(o.code()).as(name).isZero();
            assertThat(o.err()).as(name).isEmpty();
            assertThat(o.out()).as(name).contains("Usage: mnist " + name);
        }
    }

    @Test
    void badFlagValuesGetAClearMessageAndExitCode2() {
        assertThat(run("train", "--epochs", "-1")).satisfies(o -> {
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).startsWith("error: --epochs must be a positive integer, got -1");
        });
        assertThat(run("train", "--batch-size", "0").err()).startsWith("error: --batch-size must be between 1 and 4096, got 0");
        assertThat(run("train", "--stroke", "0.2", "--stroke-pixels", "3").err()).startsWith("error: --stroke-pixels must be 1 or 2, got 3");
        assertThat(run("train", "--ema", "1").err()).startsWith("error: --ema must be 0 (none) or a decay in [0.5, 1), such as 0.999, got 1.0");
        Outcome width = run("train", "--width", "abc");
        assertThat(width.code()).isEqualTo(2);
        assertThat(width.err()).contains("'abc' is not an int");
        assertThat(run("train", "--width", "0").err()).startsWith("error: --width must be a positive multiple of 16 (16, 32, 48, ...; the report's network is 128), got 0");
        assertThat(run("train", "--width", "24").err()).startsWith("error: --width must be a positive multiple of 16").contains("NaN losses");
        assertThat(run("bench", "train", "--width", "8").err()).startsWith("error: --width must be a positive multiple of 16");
        Outcome profile = run("bench", "train", "--profile", tmp.resolve("missing/trace.json").toString());
        assertThat(profile.code()).isEqualTo(2);
        assertThat(profile.err()).startsWith("error: --profile: cannot write ").contains("is not a writable folder");
        assertThat(run("train", "--early-stop-on", "train").err()).contains("'--early-stop-on': expected validation or test, got 'train'");
        assertThat(run("train", "--preset", "fastt").err()).contains("'--preset': expected fast, report or best, got 'fastt'");
        assertThat(run("train", "--preset", "BEST", "--epochs", "0").err()).as("any case").doesNotContain("--preset");
        assertThat(run("train", "--schedule", "linear").err()).contains("'--schedule': expected cosine, onecycle or constant, got 'linear'");
        assertThat(run("train", "--arch", "resnet").err()).contains("'--arch': expected report or fast, got 'resnet'");
        for (String cmd : List.of("train", "bench")) {
            Outcome precision = cmd.equals("train") ? run("train", "--precision", "fp16") : run("bench", "train", "--precision", "fp16");
            assertThat(precision.code()).as(cmd).isEqualTo(2);
            assertThat(precision.err()).as(cmd).isEqualTo("error: --precision must be fp32 or bf16, got 'fp16'" + System.lineSeparator());
        }
        assertThat(run("train", "--bogus").err()).contains("Unknown option: '--bogus'");
        Outcome typo = run("predct", "x.png");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("Did you mean predict");
        assertThat(run("train", "--epoch", "1").err()).contains("Did you mean --epochs?");
    }

    @Test
    void extraDataAddsUspsTrainingDigitsAndDigitsCutOutOfWrittenNumbersAndTheRunSaysSo() throws IOException {
        Path out = tmp.resolve("extra");
        Outcome o = run("train", "--width", "16", "--epochs", "1", "--limit", "600", "--validation", "100", "--no-usps",
                "--extra-data", "usps", "--numbers", "12", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) digits and (\\d+) pieces that are not one digit cut out of them")
                .matcher(o.out());
        assertThat(m.find()).as(o.out()).isTrue();
        int digits = Integer.parseInt(m.group(1)), pieces = Integer.parseInt(m.group(2));
        assertThat(digits).isBetween(24, 12 * 6 * 6); // 12 numbers of 2-6 digits, each cut out once or a few ways
        assertThat(pieces).isPositive();
        int cut = digits + pieces;
        assertThat(o.out()).contains("writing 12 numbers with the training digits and cutting them as the reader does")
                .contains(String.format("on %,d images, %,d of them USPS train + cut out of 12 written numbers (validation 100, test 10,000)",
                        500 + 7291 + cut, 7291 + cut));
        assertThat(Files.readString(out.resolve("model.json"))).contains("\"extra_data\": [\n      \"usps\"\n    ]")
                .contains("\"numbers\": 12");
        Outcome negative = run("train", "--numbers", "-1");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).isEqualTo("error: --numbers must be 0 to 10000, got -1" + System.lineSeparator());
        Outcome bad = run("train", "--extra-data", "mnist");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: --extra-data: unknown set 'mnist' (expected usps)");
    }

    @Test
    void aCorruptDataFileFailsWithOneLineNamingTheFile() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        for (String f : new String[] {"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.copy(Path.of("data/mnist").resolve(f), data.resolve(f));
        }
        byte[] bytes = Files.readAllBytes(data.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(data.resolve("t10k-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(bytes, bytes.length - 1000));
        Path model = Path.of("src/test/resources/fixture-model");
        Outcome o = run("eval", "--model", model.toString(), "--data", data.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err().strip()).doesNotContain("\n").startsWith("error: t10k-images-idx3-ubyte.gz: ");
        assertThat(o.err()).doesNotContain("Exception");
    }

    @Test
    void aMissingOrBrokenRunFolderIsReportedInOneLine() throws IOException {
        Outcome missing = run("eval", "--model", tmp.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: " + tmp.resolve("nope") + ": not a run folder (no such folder)" + System.lineSeparator());
        Path file = Files.writeString(tmp.resolve("notes.txt"), "not a model");
        Outcome aFile = run("eval", "--model", file.toString());
        assertThat(aFile.code()).isEqualTo(1);
        assertThat(aFile.err()).isEqualTo("error: " + file + ": not a run folder (a file, not a folder)" + System.lineSeparator());
        Outcome fileAsData = run("eval", "--model", "src/test/resources/fixture-model", "--data", file.toString(), "--no-usps");
        assertThat(fileAsData.code()).isEqualTo(1);
        assertThat(fileAsData.err()).isEqualTo("error: " + file + ": a file, not a data folder" + System.lineSeparator());
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.copy(Path.of("src/test/resources/fixture-model/model.json"), broken.resolve("model.json"));
        Files.write(broken.resolve("model.params"), new byte[] {1, 2, 3});
        Outcome o = run("eval", "--model", broken.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).startsWith("error: " + broken.resolve("model.params") + ": corrupt");
    }

    @Test
    void anUnknownWeightsNameIsABadFlagForEveryCommandThatLoadsAModel() {
        String model = "src/test/resources/fixture-model";
        for (String[] args : new String[][] {
                {"eval", "--model", model, "--weights", "last"},
                {"predict", "some.png", "--model", model, "--weights", "last"}}) {
            Outcome o = run(args);
            assertThat(o.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(o.err()).isEqualTo("error: --weights must be model or best, got last" + System.lineSeparator());
        }
    }

    @Test
    void aRejectionNamesItsFigureAndNeverANaNDistance() {
        // a model without gate.bin (every fresh run, every ensemble) measures no distance
        assertThat(PredictCommand.measure(dev.digits.internal.read.DigitGate.Reason.LOW_CONFIDENCE, Double.NaN, Double.NaN))
                .isEqualTo("top probability under 50%");
        assertThat(PredictCommand.measure(dev.digits.internal.read.DigitGate.Reason.LOW_CONFIDENCE, 1.25, Double.NaN))
                .isEqualTo("distance 1.25");
        assertThat(PredictCommand.measure(dev.digits.internal.read.DigitGate.Reason.UNLIKE_A_DIGIT, 1.25, 0.97))
                .isEqualTo("score 0.970");
    }

    @Test
    void benchPrintsOneJsonLinePerMeasurementWithThePeersFieldNames() throws IOException {
        Path out = tmp.resolve("bench.jsonl");
        Outcome train = run("bench", "train", "--width", "16", "--batches", "2", "--out", out.toString());
        assertThat(train.code()).isZero();
        assertThat(train.out().strip()).startsWith("{\"bench\":\"train\"").doesNotContain("\n");
        for (String field : List.of("width", "params", "batch_size", "threads", "images", "seconds", "images_per_second", "peak_rss_mib", "minor_faults_per_batch")) {
            assertThat(train.out()).contains("\"" + field + "\":");
        }
        assertThat(train.out()).contains("\"images\":256");
        assertThat(train.out()).contains("\"precision\":\"fp32\"");
        Outcome bf16 = run("bench", "train", "--width", "16", "--batches", "1", "--precision", "bf16");
        assertThat(bf16.code()).isZero();
        assertThat(bf16.out()).contains("\"precision\":\"bf16\"", "\"images\":128");
        Outcome data = run("bench", "data", "--batches", "5", "--out", out.toString());
        assertThat(data.code()).isZero();
        assertThat(data.out()).contains("\"bench\":\"data\"", "\"images\":640");
        assertThat(Files.readAllLines(out)).hasSize(2);
        Outcome infer = run("bench", "infer", "--arch", "fast", "--width", "16", "--calls", "5", "--out", out.toString());
        assertThat(infer.code()).as(infer.err()).isZero();
        assertThat(infer.out().lines()).hasSize(4).last().asString().contains("\"bench\":\"latency\"", "\"calls\":5");
        assertThat(Files.readAllLines(out)).hasSize(6);
    }

    @Test
    void trainRefusesToOverwriteAnEarlierRun() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(out.resolve("model.json"), "{}");
        Outcome o = run("train", "--out", out.toString(), "--epochs", "1");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains(": already holds files; refusing to overwrite them (give a new or empty folder)");
        assertThat(Files.readString(out.resolve("model.json"))).isEqualTo("{}");
    }

    @Test
    void trainHelpShowsEveryPresetAsItIs() {
        String help = run("train", "--help").out();
        assertThat(help).contains("Presets", "  fast:", "  report:", "one-cycle (warm-up 0.25)", "cosine (T_max 10, per epoch)");
        // the best preset's long augmentation value is broken under itself, not by picocli at column 0
        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(Main.HELP_WIDTH));
        assertThat(help.lines().filter(l -> l.contains("stroke width changed"))).singleElement().asString().startsWith(" ".repeat(21));
        assertThat(help).containsPattern("lr +" + dev.digits.internal.train.Preset.REPORT.recipe().optimiser().lr());
        assertThat(help).containsPattern("epochs +" + dev.digits.internal.train.Preset.FAST.recipe().stopping().epochs());
    }

    @Test
    void eachTrainFlagSetsItsOneValueOfThePresetsRecipe() {
        picocli.CommandLine cli = new picocli.CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        picocli.CommandLine.ParseResult parsed = cli.parseArgs("train", "--preset", "best", "--rotation", "20", "--shift", "0.05",
                "--scale", "0.2", "--aspect", "0.15", "--elastic", "12", "--stroke", "0.4", "--stroke-pixels", "2", "--shear", "0.3",
                "--label-smoothing", "0", "--lr", "0.002", "--weight-decay", "0.05", "--ema", "0.99", "--schedule", "cosine",
                "--epochs", "7", "--target", "99.5", "--early-stop-on", "test", "--validation", "1000", "--limit", "20000",
                "--batch-size", "64", "--width", "48", "--seed", "5");
        var r = ((TrainCommand) parsed.subcommand().commandSpec().userObject()).recipe();
        var best = dev.digits.internal.train.Preset.BEST.recipe();
        var d = r.augmentation().distortions();
        assertThat(r.augmentation().rotation()).isEqualTo(20f);
        assertThat(r.augmentation().shift()).isEqualTo(0.05f);
        assertThat(d).isEqualTo(new dev.digits.internal.data.Distortions(0.2f, 0.15f, 12, best.augmentation().distortions().elasticSigma(),
                0.4f, 2, 0.3f));
        assertThat(r.optimiser()).isEqualTo(new dev.digits.internal.train.Recipe.Optimiser(0.002, 0.05, 0, best.optimiser().kind(), 0.99));
        assertThat(r.annealing().kind()).isEqualTo(dev.digits.internal.train.Recipe.Annealing.Kind.COSINE);
        assertThat(r.stopping()).isEqualTo(new dev.digits.internal.train.Recipe.Stopping(7, 99.5,
                dev.digits.internal.train.Recipe.Stopping.On.TEST));
        assertThat(r.data().validation()).isEqualTo(1000);
        assertThat(r.data().limit()).isEqualTo(20000);
        assertThat(List.of(r.batchSize(), r.width(), (int) r.seed())).containsExactly(64, 48, 5);
        assertThat(r.family()).isEqualTo(best.family()); // what no flag named stays the preset's
        assertThat(r.precision()).isEqualTo(best.precision());

        var plain = ((TrainCommand) cli.parseArgs("train", "--preset", "best", "--no-target", "--no-augment").subcommand()
                .commandSpec().userObject()).recipe();
        assertThat(plain.augmentation()).isEqualTo(dev.digits.internal.train.Recipe.Augmentation.NONE);
        assertThat(plain.stopping().target()).isNaN();
        assertThat(plain.optimiser()).isEqualTo(best.optimiser());
    }

    @Test
    void trainRefusesFlagsThatContradictEachOtherAndLeavesNoFolderWhenItCannotStart() {
        String[][] refused = {
            {"--target", "99", "--no-target"}, {"--no-augment", "--rotation", "5", "--shear", "0.2"},
            {"--validation", "0", "--early-stop-on", "validation"}, {"--stroke-pixels", "2"}};
        String[] said = {"--target and --no-target contradict each other; give one",
            "--no-augment trains on the digits as they are; drop --rotation, --shear",
            "--early-stop-on validation needs a validation split; --validation 0 holds none out",
            "--stroke-pixels changes strokes only with --stroke above 0 (this recipe's is 0)"};
        for (int i = 0; i < refused.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--out", tmp.resolve("r" + i).toString()));
            args.addAll(List.of(refused[i]));
            Outcome o = run(args.toArray(String[]::new));
            assertThat(o.code()).as(String.join(" ", refused[i])).isEqualTo(2);
            assertThat(o.err()).startsWith("error: " + said[i] + System.lineSeparator());
            assertThat(tmp.resolve("r" + i)).doesNotExist();
        }
        Outcome noData = run("train", "--data", tmp.resolve("none").toString(), "--no-usps", "--out", tmp.resolve("nodata").toString());
        assertThat(noData.code()).isEqualTo(1);
        assertThat(noData.err()).contains("no such data directory");
        assertThat(tmp.resolve("nodata")).as("a folder it made and wrote nothing in").doesNotExist();

        picocli.CommandLine cli = new picocli.CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        var relative = ((TrainCommand) cli.parseArgs("train", "--data", "some/data").subcommand().commandSpec().userObject()).recipe();
        assertThat(relative.data().dir()).as("found again by --resume from any folder").isEqualTo(Path.of("some/data").toAbsolutePath());
    }

    @Test
    void theTrainCommandIsRecordedAsTyped() {
        picocli.CommandLine cli = new picocli.CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        picocli.CommandLine.ParseResult parsed = cli.parseArgs("train", "--seed", "42", "--out", "my runs/it's");
        TrainCommand train = (TrainCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(train.commandLine()).isEqualTo("./mnist train --seed 42 --out 'my runs/it'\\''s'");
    }

    @Test
    void aDashNamesStandardInputWhichIsReadAsAPipe() {
        // (read from its bytes as any pipe: ImageDecoderTest; not run here, where stdin is surefire's)
        ImageFiles.StandardInputDash dash = new ImageFiles.StandardInputDash();
        assertThat(dash.convert("-")).isEqualTo(Path.of("/dev/stdin"));
        assertThat(dash.convert("-x.png")).isEqualTo(Path.of("-x.png"));
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        PredictCommand predict = (PredictCommand) cli.parseArgs("predict", "-", "a.png").subcommand().commandSpec().userObject();
        assertThat(predict.files.images).containsExactly(Path.of("/dev/stdin"), Path.of("a.png"));
        Outcome twice = run("predict", "-", "-"); // refused before standard input is read, or a model loaded
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).isEqualTo("error: standard input (- or /dev/stdin) is given twice: it holds one picture" + System.lineSeparator());
        assertThat(run("read", "/dev/stdin", "-").err()).startsWith("error: standard input (- or /dev/stdin) is given twice");
    }

    @Test
    void predictWithoutModelUsesTheNewestRunOrTheShippedModelAndSaysWhich() throws IOException {
        Path png = tmp.resolve("seven.png");
        javax.imageio.ImageIO.write(dev.digits.TestDigits.strokeSeven(120, 160), "png", png.toFile());
        Outcome o = run("predict", png.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.err()).startsWith("model: ");
        assertThat(o.out()).startsWith(png + ": 7 (");
    }

    @Test
    void serveRefusesBadSettingsAndAnAddressItCannotTakeInOneLine() throws IOException {
        String shipped = "models/default";
        Outcome port = run("serve", "--model", shipped, "--port", "70000");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).isEqualTo("error: --port must be 0..65535, got 70000" + System.lineSeparator());
        Outcome threads = run("serve", "--model", shipped, "--threads", "0");
        assertThat(threads.code()).isEqualTo(2);
        assertThat(threads.err()).isEqualTo("error: --threads must be at least 1, got 0" + System.lineSeparator());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Outcome inUse = run("serve", "--model", shipped, "--port", Integer.toString(taken.getLocalPort()));
            assertThat(inUse.code()).isEqualTo(2);
            // (Javalin's own "Failed to start" log line is turned off for the command line; this JVM's tests may have made its logger first)
            assertThat(inUse.err()).endsWith("error: cannot serve on 127.0.0.1:" + taken.getLocalPort()
                    + ": the address is in use (another server on that port?)" + System.lineSeparator()).doesNotContain("\tat ");
        }
        Outcome foreign = run("serve", "--model", shipped, "--host", "192.0.2.1", "--port", "0"); // TEST-NET-1: no machine's own
        assertThat(foreign.code()).isEqualTo(2);
        assertThat(foreign.err()).contains("error: cannot serve on 192.0.2.1:0: not an address of this machine (").doesNotContain("\\tat ");
    }

    @Test
    void anOutputFolderThatIsAFileIsRefusedBeforeAnyWork() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "mine");
        Outcome eval = run("eval", "--model", "src/test/resources/fixture-model", "--no-usps", "--out", file.toString());
        assertThat(eval.code()).isEqualTo(2);
        assertThat(eval.err()).endsWith("error: --out " + file + ": a file, not a folder" + System.lineSeparator());
        Outcome predict = run("predict", "--model", "src/test/resources/fixture-model", "docs/images/seven.png", "--show-input", file.toString());
        assertThat(predict.code()).isEqualTo(2);
        assertThat(predict.err()).endsWith("error: --show-input " + file + ": a file, not a folder"
                + System.lineSeparator());
        assertThat(Files.readString(file)).isEqualTo("mine");
        Outcome missing = run("predict", "--model", "src/test/resources/fixture-model", tmp.resolve("none.png").toString());
        assertThat(missing.err()).endsWith("error: " + tmp.resolve("none.png") + ": no such file" + System.lineSeparator());
    }

    @Test
    void benchAndTheReadCommandsRefuseOutputsAndFlagsThatWouldDoHarmOrNothing() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("model"));
        for (String f : new String[] {"model.json", "model.params"}) Files.copy(Path.of("src/test/resources/fixture-model", f), model.resolve(f));
        String json = Files.readString(model.resolve("model.json"));
        Outcome intoModelJson = run("bench", "--out", model.resolve("model.json").toString(), "data", "--batches", "1");
        assertThat(intoModelJson.code()).isEqualTo(2);
        assertThat(intoModelJson.err()).contains("not a file of JSON lines");
        assertThat(Files.readString(model.resolve("model.json"))).isEqualTo(json);
        assertThat(run("bench", "--out", tmp.toString(), "data", "--batches", "1").err()).contains("a folder; it names the file to append to");
        Path lines = tmp.resolve("bench.jsonl");
        assertThat(run("bench", "--out", lines.toString(), "data", "--batches", "1").code()).isZero();
        assertThat(run("bench", "--out", lines.toString(), "data", "--batches", "1").code()).as("appended to its own lines").isZero();
        assertThat(Files.readAllLines(lines)).hasSize(2);
        assertThat(run("bench", "infer", "--model", model.toString(), "--arch", "report").err())
                .contains("--model is measured as it is");
        assertThat(run("bench", "train", "--profile", tmp.toString(), "--batches", "1").err()).contains("a folder; it names the trace file");
        Path file = Files.writeString(tmp.resolve("a-file"), "mine");
        assertThat(run("read-bench", "--count", "1", "--out", file.toString()).err()).contains("--out " + file + ": a file, not a folder");
        assertThat(run("read-gate", "--out", file.toString()).err()).contains("--out " + file + ": a file, not a folder");
        assertThat(run("read-train", "--model", model.toString(), "--weights", "best").err()).contains("read-train reads no weights");
        assertThat(run("experiment", "depth", "--values", "20").err()).contains("--values: blocks per stage must be between 1 and 16");
        Path sweep = Files.createDirectories(tmp.resolve("sweep"));
        Files.writeString(sweep.resolve("experiment.txt"), "ablation\n");
        Outcome other = run("experiment", "depth", "--values", "1", "--out", sweep.toString());
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).isEqualTo("error: --out " + sweep + " holds a sweep of experiment ablation; give depth a folder of its own"
                + System.lineSeparator());
    }

    @Test
    void benchDataRefusesACountOfBatchesThatIsNotPositive() {
        Outcome o = run("bench", "data", "--batches", "-5");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("error: --batches must be positive, got -5" + System.lineSeparator());
    }

    @Test
    void evalRefusesToWriteItsReportIntoAnotherModelsFolder() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        for (String f : new String[] {"model.json", "model.params"}) Files.copy(Path.of("src/test/resources/fixture-model", f), run.resolve(f));
        Outcome o = run("eval", "--model", "src/test/resources/fixture-model", "--no-usps", "--out", run.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).endsWith("error: --out " + run + " holds a model (model.json): give eval a folder of its own"
                + System.lineSeparator());
        try (var files = Files.list(run)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("model.json", "model.params");
        }
    }

    @Test
    void fileSystemErrorsAreWordsNotClassNames() {
        assertThat(Main.message(new java.nio.file.AccessDeniedException("/srv/out"))).isEqualTo("/srv/out: permission denied");
        assertThat(Main.message(new java.nio.file.FileAlreadyExistsException("/srv/a.png")))
                .isEqualTo("/srv/a.png: already exists (a file where a folder was expected?)");
    }

    @Test
    void predictJsonPrintsItsKeysInTheDocumentedOrderAndAFailedFileAsALine() throws IOException {
        Path png = tmp.resolve("seven.png");
        javax.imageio.ImageIO.write(dev.digits.TestDigits.strokeSeven(120, 160), "png", png.toFile());
        Path bad = Files.writeString(tmp.resolve("bad.png"), "not a picture");
        Outcome o = run("predict", "--model", "src/test/resources/fixture-model", "--json", png.toString(), bad.toString());
        assertThat(o.code()).isEqualTo(1);
        List<String> lines = o.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\{\"file\":\"[^\"]+\",\"digit\":\\d,\"probability\":[^,]+,\"top3\":\\["
                + "\\{\"digit\":\\d,\"probability\":[^,]+},\\{\"digit\":\\d,\"probability\":[^,]+},"
                + "\\{\"digit\":\\d,\"probability\":[^,]+}],\"probabilities\":\\[[^]]*].*}");
        assertThat(lines.get(1)).startsWith("{\"file\":\"" + bad + "\",\"error\":\"");
    }
}
