package dev.digits.internal.eval;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A model's answers on a set written by other hands than the main test set's (USPS beside MNIST):
 * the line {@code eval} prints and the row of the report's "Other writers" section.
 *
 * @param dataset which set
 * @param matrix its confusion matrix (true digit, predicted digit)
 */
public record OtherSet(Dataset dataset, ConfusionMatrix matrix) {

    /** How many confused pairs the report lists per set. */
    public static final int PAIRS = 3;

    public OtherSet {
        Objects.requireNonNull(dataset, "dataset");
        matrix = ConfusionMatrix.of(Objects.requireNonNull(matrix, "matrix").counts());
    }

    /** The set's test split evaluated by {@code classifier}, through the same path as {@link Evaluation}. */
    public static OtherSet of(Dataset dataset, Mnist set, DigitClassifier classifier) {
        return of(dataset, set, Evaluation.of(classifier, set));
    }

    /** The answers {@code e} gave on {@code set}. */
    public static OtherSet of(Dataset dataset, Mnist set, Evaluation e) {
        ConfusionMatrix matrix = new ConfusionMatrix();
        for (int i = 0; i < e.size(); i++) matrix.add(set.label(i), e.predicted()[i]);
        return new OtherSet(dataset, matrix);
    }

    /** "USPS test accuracy 97.91% (1965/2007), read through predict's preprocessing". */
    public String line() {
        return String.format(Locale.ROOT, "%s test accuracy %.2f%% (%d/%d), %s", dataset.title(), matrix.accuracy(),
                matrix.correct(), matrix.total(), dataset.how());
    }

    /** The report's "Other writers" section: the same model on digits by other writers, each read as {@link #line} says. */
    static void markdown(StringBuilder m, List<OtherSet> others) {
        if (others.isEmpty()) return;
        m.append("\n## Other writers\n\n| Set | Accuracy | Right | Wrong | Most confused (true → predicted: count) | Read |\n")
                .append("|---|---:|---:|---:|---|---|\n");
        for (OtherSet o : others) {
            ConfusionMatrix x = o.matrix();
            List<String> pairs = x.mostConfused(OtherSet.PAIRS).stream()
                    .map(p -> p.truth() + " → " + p.predicted() + ": " + p.count()).toList();
            Markdown.row(m, Markdown.text(o.dataset().title() + " test"), String.format(Locale.ROOT, "%.2f%%", x.accuracy()), x.correct(),
                    x.total() - x.correct(), pairs.isEmpty() ? "none" : String.join(", ", pairs),
                    Markdown.text(o.dataset().how()));
        }
    }
}
