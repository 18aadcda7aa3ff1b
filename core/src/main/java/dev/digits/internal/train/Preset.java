package dev.digits.internal.train;

import dev.digits.internal.data.Distortions;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.model.Family;
import dev.digits.internal.model.Precision;
import dev.digits.internal.train.Recipe.Annealing;
import dev.digits.internal.train.Recipe.Augmentation;
import dev.digits.internal.train.Recipe.Data;
import dev.digits.internal.train.Recipe.Optimiser;
import dev.digits.internal.train.Recipe.Stopping;
import java.util.Locale;
import java.util.Map;

/** The named recipes of {@code train --preset}; {@code train --help} prints them as they are here. */
public enum Preset {
    /** The CPU default: a cheaper member of the family with a one-cycle schedule; no early stop (docs/history.md, section 2). */
    FAST(new Recipe(null, Family.FAST, 16, 128, 42, Precision.FP32,
            new Optimiser(8e-3, 0.01, 0.1),
            new Annealing(Annealing.Kind.ONECYCLE, 10, 0.25),
            new Augmentation(8, 0.08f),
            new Stopping(3, Double.NaN, Stopping.On.VALIDATION),
            new Data(Mnist.BUNDLED, 5000, 0))),
    /** The report's network and recipe: AdamW 1e-3, cosine T_max 10 per epoch, batch 128, up to 20 epochs, stop at 99%. */
    REPORT(new Recipe(null, Family.REPORT, 128, 128, 42, Precision.FP32,
            new Optimiser(1e-3, 0.01, 0),
            new Annealing(Annealing.Kind.COSINE, 10, 0),
            new Augmentation(10, 0.1f),
            new Stopping(20, 99.0, Stopping.On.VALIDATION),
            new Data(Mnist.BUNDLED, 5000, 0))),
    /**
     * The accuracy preset: a wider fast network trained five times longer, with scale, aspect,
     * elastic and stroke-width distortions on top of rotation and shift, saving a moving average of
     * its weights (docs/results.md).
     */
    BEST(new Recipe(null, Family.FAST, 32, 128, 42, Precision.FP32,
            new Optimiser(6e-3, 0.01, 0.1).withEma(0.999),
            new Annealing(Annealing.Kind.ONECYCLE, 10, 0.2),
            new Augmentation(10, 0.1f, new Distortions(0.12f, 0.12f, 30, 5, 0.2f)),
            new Stopping(15, Double.NaN, Stopping.On.VALIDATION),
            new Data(Mnist.BUNDLED, 5000, 0)));

    private final Recipe recipe;

    Preset(Recipe partial) {
        this.recipe = new Recipe(this, partial.family(), partial.width(), partial.batchSize(), partial.seed(),
                partial.precision(), partial.optimiser(), partial.annealing(), partial.augmentation(),
                partial.stopping(), partial.data(), partial.structure(), partial.views());
    }

    public Recipe recipe() {
        return recipe;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every preset's values, one line each, for {@code train --help}. */
    public static String table() {
        StringBuilder s = new StringBuilder(String.format("Presets (each flag above overrides one value):%n"));
        for (Preset p : values()) {
            s.append(String.format("  %s:%n", p));
            for (Map.Entry<String, Object> e : p.recipe.toMap().entrySet()) {
                if (!e.getKey().equals("preset")) s.append(String.format("    %-16s %s%n", e.getKey(), wrapped(String.valueOf(e.getValue()))));
            }
        }
        return s.toString();
    }

    /** Where a value starts in {@link #table} ("    %-16s "), and its columns: --help's 120 in all (picocli would break it at column 0). */
    private static final int VALUE_INDENT = 21;
    private static final int VALUE_COLUMNS = 95;

    /** {@code value} in lines of at most {@link #VALUE_COLUMNS}, broken after commas, each under the first. */
    static String wrapped(String value) {
        StringBuilder out = new StringBuilder();
        int line = 0;
        for (String part : value.split("(?<=, )")) {
            if (line > 0 && line + part.length() > VALUE_COLUMNS) {
                out.append(System.lineSeparator()).append(" ".repeat(VALUE_INDENT));
                line = 0;
            }
            out.append(line == 0 ? part.stripLeading() : part);
            line += part.length();
        }
        return out.toString().replaceAll(" +(\\R)", "$1");
    }
}
