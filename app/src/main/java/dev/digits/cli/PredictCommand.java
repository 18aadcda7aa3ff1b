package dev.digits.cli;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.read.DigitPicture;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.infer.Preprocessor;
import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.io.Json;
import dev.digits.internal.read.DigitGate;
import dev.digits.internal.run.RunFolder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Read the digit in each image file (PNG, JPEG, BMP or GIF; any size; dark ink on light paper or the reverse).",
                "Each image is prepared as MNIST was: grey, ink made bright, cropped to the ink, scaled into 20x20,",
                "centred by its centre of mass in 28x28; a photo of unevenly lit paper first has its paper level measured",
                "per tile and its specks dropped, as 'read' sees a page. A file that fails is reported and the others still run;",
                "the exit code is 1 if any file failed. An answer that is not a digit (a letter, a scribble, noise) says so,",
                "with the reason: low confidence, far from the training digits, or unlike a digit (see 'read-gate')."})
final class PredictCommand implements Callable<Integer> {

    @Mixin
    ImageFiles files;
    @Mixin
    ModelOption model;
    @Option(names = "--json", description = "Print one JSON object per file.")
    boolean json;
    @Option(names = "--show-input", paramLabel = "DIR",
            description = "Write the 28x28 image the model saw for each file, as DIR/<name>.input.png (enlarged 8x).")
    Path showInput;

    @Override
    public Integer call() throws Exception {
        files.requireStandardInputOnce();
        if (showInput != null) files.requireDistinctNames("--show-input", showInput, ".input.png");
        RunFolder run = model.folder(System.err);
        try (DigitClassifier classifier = DigitClassifier.load(run, model.weights(), 1)) {
            DigitGate gate = model.gate(run, classifier);
            return files.each(json, file -> {
                byte[] input = DigitPicture.toMnist(ImageDecoder.read(file));
                DigitClassifier.Analysis a = classifier.analyse(input, 1);
                Prediction p = a.predictions()[0];
                DigitGate.Verdict v = gate.judge(a.features()[0], p);
                if (showInput != null) {
                    Path png = showInput.resolve(file.getFileName() + ".input.png");
                    AtomicWrite.write(png, out -> ImageIO.write(Preprocessor.toImage(input, 8), "png", out));
                }
                return json ? Json.WIRE.toJson(toJson(file, p, v)) : describe(file, p, v);
            });
        }
    }

    static String describe(Path file, Prediction p, DigitGate.Verdict v) {
        String line = describe(file, p);
        if (v.digit()) return line;
        return line + String.format("  NOT A DIGIT (%s, %s)",
                v.reason().words(), measure(v.reason(), v.distance(), v.score()));
    }

    /**
     * The gate's figure behind a rejection: the probe's score when the probe rejected, else the
     * distance; a low confidence from a model without a gate (no distance measured), the limit its
     * top probability is under (the probability itself is printed beside it).
     */
    static String measure(DigitGate.Reason reason, double distance, double score) {
        if (reason == DigitGate.Reason.UNLIKE_A_DIGIT) return String.format("score %.3f", score);
        if (Double.isNaN(distance)) return String.format("top probability under %.0f%%", 100 * DigitGate.MIN_PROBABILITY);
        return String.format("distance %.2f", distance);
    }

    static String describe(Path file, Prediction p) {
        StringBuilder top = new StringBuilder();
        for (Prediction.Guess g : p.top(3)) {
            if (top.length() > 0) top.append(", ");
            top.append(String.format("%d %.1f%%", g.digit(), 100 * g.probability()));
        }
        return String.format("%s: %d (%.1f%%)  top 3: %s", file, p.digit(), 100 * p.probability(), top);
    }

    static Map<String, Object> toJson(Path file, Prediction p, DigitGate.Verdict v) {
        Map<String, Object> m = toJson(file, p);
        m.put("not_a_digit", !v.digit());
        if (v.reason() != null) m.put("reason", v.reason());
        m.put("distance", v.distance());
        if (!Double.isNaN(v.score())) m.put("score", v.score());
        return m;
    }

    static Map<String, Object> toJson(Path file, Prediction p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("digit", p.digit());
        m.put("probability", p.probability());
        m.put("top3", p.top(3)); // records: {"digit":..,"probability":..} in that order (Map.of's order is unspecified)
        m.put("probabilities", p.probabilities());
        return m;
    }
}
