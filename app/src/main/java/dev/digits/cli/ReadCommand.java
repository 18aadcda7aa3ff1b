package dev.digits.cli;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.infer.ImageException;
import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.io.Json;
import dev.digits.internal.read.NumberReader;
import dev.digits.internal.read.StripModel;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.read.ReadDigit;
import dev.digits.internal.read.Reading;
import dev.digits.internal.read.SegmentPicture;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Read the number in each image file: the digits found left to right (lines top to bottom, a space between), each with its probability and box.",
                "Any size, dark ink on light paper or the reverse, uneven lighting. A piece that is not a digit (a letter,",
                "a scribble, noise) is shown as '?' with the reason. Each digit is prepared as 'predict' prepares a clean picture of one digit.",
                "A file that fails is reported and the others still run; the exit code is 1 if any file failed."})
final class ReadCommand implements Callable<Integer> {

    @Mixin
    ImageFiles files;
    @Mixin
    ModelOption model;
    @Option(names = "--json", description = "Print one JSON object per file (the same as POST /api/read answers, with \"file\").")
    boolean json;
    @Option(names = "--show-segments", paramLabel = "DIR",
            description = "Write each picture with a box and the answer around each digit, and the 28x28 inputs, as DIR/<name>.segments.png.")
    Path showSegments;

    @Override
    public Integer call() throws Exception {
        files.requireStandardInputOnce();
        if (showSegments != null) files.requireDistinctNames("--show-segments", showSegments, ".segments.png");
        RunFolder run = model.folder(System.err);
        try (DigitClassifier classifier = DigitClassifier.load(run, model.weights(), 1);
                StripModel strips = ModelOption.strips(run)) {
            NumberReader reader = NumberReader.of(classifier, model.gate(run, classifier), strips);
            return files.each(json, file -> {
                BufferedImage image = ImageDecoder.read(file);
                NumberReader.Detail detail = reader.readInDetail(image);
                if (showSegments != null) {
                    Path png = showSegments.resolve(file.getFileName() + ".segments.png");
                    BufferedImage picture = SegmentPicture.draw(image, detail);
                    AtomicWrite.write(png, out -> ImageIO.write(picture, "png", out));
                }
                Reading r = detail.reading();
                // as predict's blank picture: a one-line error and exit 1, so a script sees it
                if (r.digits().isEmpty()) throw new ImageException(ImageException.Reason.NO_INK, NO_DIGITS);
                return json ? Json.WIRE.toJson(toJson(file, r)) : describe(file, r);
            });
        }
    }

    /** What a picture without a digit (blank, or only specks and lines) gets. */
    static final String NO_DIGITS = "no digits found";

    static String describe(Path file, Reading r) {
        StringBuilder s = new StringBuilder(file + ": " + r.number());
        for (ReadDigit d : r.digits()) {
            s.append(System.lineSeparator()).append("  ");
            if (d.notADigit()) {
                s.append(String.format("not a digit (%s; looks most like %d, %.1f%%; %s)",
                        d.reason().words(), d.digit(),
                        100 * d.probability(), PredictCommand.measure(d.reason(), d.distance(), d.score())));
            } else {
                s.append(String.format("%d  %.1f%%", d.digit(), 100 * d.probability()));
            }
            s.append(String.format("  box x=%d y=%d %dx%d", d.box().x(), d.box().y(), d.box().width(), d.box().height()));
        }
        return s.toString();
    }

    static Map<String, Object> toJson(Path file, Reading r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("reading", r);
        return m;
    }
}
