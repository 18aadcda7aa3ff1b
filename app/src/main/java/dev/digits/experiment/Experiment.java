package dev.digits.experiment;

import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.Architecture.Removed;
import dev.digits.internal.train.Recipe;
import dev.digits.internal.train.Recipe.Annealing;
import dev.digits.internal.train.Recipe.Augmentation;
import dev.digits.internal.train.Recipe.Optimiser;
import dev.digits.internal.train.Recipe.Structure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The experiments of {@code ./mnist experiment NAME}: each the base recipe's variants and the report's claims about them. */
public enum Experiment {
    /** The report's batch sizes, 64, 128 and 256, with the rate held and with it scaled with the batch (linear scaling). */
    BATCH_SIZE(List.of(64, 128, 256)),
    /** The whole recipe against each of its parts taken out or replaced, one at a time. */
    ABLATION(List.of()),
    /** Plain against residual networks at several blocks per stage. */
    DEPTH(List.of(1, 2, 4, 8));

    /** Steps of the deepest networks whose per-layer gradient norms {@code depth} records. */
    public static final int GRADIENT_STEPS = 200;

    private final List<Integer> defaults;

    Experiment(List<Integer> defaults) {
        this.defaults = defaults;
    }

    /** The experiment's variants and claims for the base recipe; {@code values}: more batch sizes, or other depths. */
    public Plan plan(Recipe base, List<Integer> values) {
        if (this == ABLATION && !values.isEmpty()) {
            throw new IllegalArgumentException("--values applies to batch-size (more batch sizes) and depth (blocks per stage), not to ablation");
        }
        for (int v : values) {
            if (v <= 0 || v > (this == DEPTH ? Architecture.MAX_BLOCKS : 4096)) {
                throw new IllegalArgumentException("--values: " + (this == DEPTH ? "blocks per stage must be between 1 and "
                        + Architecture.MAX_BLOCKS :
                        "batch sizes must be between 1 and 4096") + ", got " + v);
            }
        }
        return switch (this) {
            case BATCH_SIZE -> batchSizes(base, values);
            case ABLATION -> ablation(base);
            case DEPTH -> depth(base, values.isEmpty() ? defaults : values);
        };
    }

    private Plan batchSizes(Recipe base, List<Integer> values) {
        Set<Integer> sizes = new TreeSet<>(defaults);
        sizes.addAll(values);
        List<Variant> variants = new ArrayList<>();
        List<Claim> claims = new ArrayList<>();
        int reference = base.batchSize();
        String ref = "batch-" + reference;
        sizes.add(reference);
        for (int b : sizes) {
            if (b == reference) {
                variants.add(new Variant(ref, "the base recipe: batch " + b + ", learning rate " + rate(base.optimiser().lr()), base));
                continue;
            }
            double scaled = base.optimiser().lr() * b / reference;
            variants.add(new Variant(ref(b, "held"), "batch " + b + ", learning rate held at " + rate(base.optimiser().lr()),
                    Edit.batch(base, b, base.optimiser().lr())));
            variants.add(new Variant(ref(b, "scaled"), "batch " + b + ", learning rate scaled with the batch to " + rate(scaled),
                    Edit.batch(base, b, scaled)));
            claims.add(new Claim("batch " + reference + " beats batch " + b + " with the learning rate held", ref, ref(b, "held")));
            claims.add(new Claim("batch " + reference + " beats batch " + b + " with the learning rate scaled", ref, ref(b, "scaled")));
        }
        return new Plan(this, variants, claims);
    }

    /** A learning rate as people write it: 0.0008, not 8.0E-4. */
    static String rate(double lr) {
        return new java.math.BigDecimal(lr).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String ref(int batch, String lr) {
        return "batch-" + batch + "-lr-" + lr;
    }

    private Plan ablation(Recipe base) {
        double lr = base.optimiser().lr();
        Recipe noBn = Edit.structure(base, new Structure(null, null, Set.of(Removed.BATCH_NORM)));
        List<Variant> variants = List.of(
                new Variant("full", "the whole recipe", base),
                new Variant("no-residual", "the same network with every shortcut removed",
                        Edit.structure(base, new Structure(null, null, Set.of(Removed.SHORTCUTS)))),
                new Variant("no-batchnorm", "no batch normalisation (convolutions get a bias), learning rate " + rate(lr), noBn),
                new Variant("no-batchnorm-lr-tenth", "no batch normalisation, a tenth of the learning rate: " + rate(lr / 10),
                        Edit.optimiser(noBn, Edit.optimiser(base.optimiser(), lr / 10))),
                new Variant("no-augmentation", "no random rotation, shift or distortion", Edit.augmentation(base, Augmentation.NONE)),
                new Variant("sgd-momentum", "SGD with momentum " + Optimiser.Kind.SGD_MOMENTUM + " instead of AdamW, same rate and decay",
                        Edit.optimiser(base, new Optimiser(lr, base.optimiser().weightDecay(), base.optimiser().labelSmoothing(),
                                Optimiser.Kind.SGD, base.optimiser().ema()))),
                new Variant("constant-lr", "a constant learning rate " + rate(lr) + " instead of the " + base.annealing().kind() + " schedule",
                        Edit.annealing(base, Annealing.Kind.CONSTANT)),
                new Variant("no-shortcut-dropout", "no dropout in the projection shortcuts",
                        Edit.structure(base, new Structure(null, 0f, Set.of()))));
        List<Claim> claims = List.of(
                new Claim("residual connections help", "full", "no-residual"),
                new Claim("batch normalisation helps, at the recipe's rate", "full", "no-batchnorm"),
                new Claim("without batch normalisation the recipe's rate is too high (a tenth of it does better)",
                        "no-batchnorm-lr-tenth", "no-batchnorm"),
                new Claim("augmentation helps", "full", "no-augmentation"),
                new Claim("AdamW beats SGD with momentum", "full", "sgd-momentum"),
                new Claim("the learning-rate schedule beats a constant rate", "full", "constant-lr"),
                new Claim("dropout in the shortcut helps", "full", "no-shortcut-dropout"));
        return new Plan(this, variants, claims);
    }

    private Plan depth(Recipe base, List<Integer> depths) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(depths));
        int deepest = sorted.get(sorted.size() - 1);
        List<Variant> variants = new ArrayList<>();
        List<Claim> claims = new ArrayList<>();
        for (int k : sorted) {
            String blocks = k + (k == 1 ? " block" : " blocks") + " per stage";
            variants.add(new Variant("plain-" + k, blocks + ", no shortcuts",
                    Edit.structure(base, new Structure(k, null, Set.of(Removed.SHORTCUTS))), k == deepest));
            variants.add(new Variant("residual-" + k, blocks + ", with shortcuts",
                    Edit.structure(base, new Structure(k, null, Set.of())), k == deepest));
            claims.add(new Claim("residual connections help at " + blocks, "residual-" + k, "plain-" + k));
        }
        return new Plan(this, variants, claims);
    }

    /** The command's spelling: batch-size, ablation, depth. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The experiment {@code name} names, or an {@link IllegalArgumentException} listing them. */
    public static Experiment named(String name) {
        for (Experiment e : values()) if (e.toString().equals(name)) return e;
        throw new IllegalArgumentException("unknown experiment '" + name + "' (expected batch-size, ablation or depth)");
    }
}
