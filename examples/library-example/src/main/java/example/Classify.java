package example;

import dev.digits.api.Answer;
import dev.digits.api.DigitModel;
import java.nio.file.Path;

/** Usage: Classify MODEL_DIR DIGIT_PICTURE NUMBER_PICTURE (the README's example). */
public class Classify {
    public static void main(String[] args) throws Exception {
        try (DigitModel model = DigitModel.load(Path.of(args[0]))) {      // a run folder, or models/default
            Answer a = model.classify(Path.of(args[1]));                   // or classify(BufferedImage)
            System.out.printf("%s: %d (%.1f%%) top 3: %s%n", args[1], a.digit(), 100 * a.probability(), a.top3());
            System.out.println(args[2] + ": " + model.read(Path.of(args[2])).number());
        }
    }
}
