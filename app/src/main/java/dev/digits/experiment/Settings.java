package dev.digits.experiment;

import dev.digits.internal.train.Preset;
import dev.digits.internal.train.Recipe;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * What {@code ./mnist experiment} was asked for: the base recipe (a preset, with the width, epochs
 * and training subset given), the seeds, the experiment's extra values, and the variants to run.
 * {@code null}: the preset's value, or {@code --quick}'s.
 */
public record Settings(Experiment experiment, Preset preset, Integer width, Integer epochs, Integer limit, Integer seeds,
                       List<Integer> values, boolean quick, Set<String> only) {

    /** {@code --quick}: a small subset of the training images, one epoch, two seeds (so that a t-test can be made). */
    public static final int QUICK_LIMIT = 2000;
    public static final int QUICK_EPOCHS = 1;
    public static final int QUICK_SEEDS = 2;
    /** Without {@code --seeds}. */
    public static final int SEEDS = 3;
    /** Where sweeps go without {@code --out}, relative to the working directory. */
    public static final Path EXPERIMENTS = Path.of("runs", "experiments");

    public Settings {
        values = List.copyOf(values);
        only = Set.copyOf(only);
        if (seeds != null && (seeds < 1 || seeds > 100)) throw new IllegalArgumentException("--seeds must be between 1 and 100, got " + seeds);
    }

    /**
     * The preset with the width, epochs and subset applied. With a subset, the validation split is
     * a tenth of it (at most the preset's), so that a small subset still has one.
     */
    public Recipe base() {
        Recipe p = preset.recipe();
        int n = limit != null ? limit : quick ? QUICK_LIMIT : p.data().limit();
        int validation = n > 0 ? Math.min(p.data().validation(), n / 10) : p.data().validation();
        int e = epochs != null ? epochs : quick ? QUICK_EPOCHS : p.stopping().epochs();
        return Edit.size(p, width != null ? width : p.width(), e,
                new Recipe.Data(p.data().dir(), validation, n, p.data().extra(), p.data().numbers())).validate();
    }

    /** The seeds of every variant's runs: the preset's, then the next ones (42, 43, 44 for the default three). */
    public List<Long> seedList() {
        long first = preset.recipe().seed();
        int n = seeds != null ? seeds : quick ? QUICK_SEEDS : SEEDS;
        return LongStream.range(first, first + n).boxed().toList();
    }

    public Plan plan() {
        return experiment.plan(base(), values).only(only);
    }

    /**
     * The sweep's folder without {@code --out}: named by everything that changes a run's recipe
     * ({@code runs/experiments/ablation-fast-w16-e3}), so that the same command finds its own
     * sweep again; more seeds or values add runs to it.
     */
    public Path defaultFolder() {
        Recipe b = base();
        return EXPERIMENTS.resolve(experiment + "-" + preset + "-w" + b.width() + "-e" + b.stopping().epochs()
                + (b.data().limit() > 0 ? "-limit" + b.data().limit() : ""));
    }
}
