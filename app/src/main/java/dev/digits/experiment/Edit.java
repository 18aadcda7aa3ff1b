package dev.digits.experiment;

import dev.digits.internal.train.Recipe;
import dev.digits.internal.train.Recipe.Annealing;
import dev.digits.internal.train.Recipe.Augmentation;
import dev.digits.internal.train.Recipe.Data;
import dev.digits.internal.train.Recipe.Optimiser;
import dev.digits.internal.train.Recipe.Stopping;
import dev.digits.internal.train.Recipe.Structure;

/** A recipe with one group changed: the variants of a sweep are the base recipe with one edit each. */
final class Edit {

    private Edit() {}

    static Recipe seed(Recipe r, long seed) {
        return new Recipe(r.preset(), r.family(), r.width(), r.batchSize(), seed, r.precision(), r.optimiser(), r.annealing(),
                r.augmentation(), r.stopping(), r.data(), r.structure(), r.views());
    }

    static Recipe batch(Recipe r, int batchSize, double lr) {
        return new Recipe(r.preset(), r.family(), r.width(), batchSize, r.seed(), r.precision(), optimiser(r.optimiser(), lr),
                r.annealing(), r.augmentation(), r.stopping(), r.data(), r.structure(), r.views());
    }

    static Recipe optimiser(Recipe r, Optimiser o) {
        return new Recipe(r.preset(), r.family(), r.width(), r.batchSize(), r.seed(), r.precision(), o, r.annealing(),
                r.augmentation(), r.stopping(), r.data(), r.structure(), r.views());
    }

    static Optimiser optimiser(Optimiser o, double lr) {
        return new Optimiser(lr, o.weightDecay(), o.labelSmoothing(), o.kind(), o.ema());
    }

    static Recipe annealing(Recipe r, Annealing.Kind kind) {
        Annealing a = r.annealing();
        return new Recipe(r.preset(), r.family(), r.width(), r.batchSize(), r.seed(), r.precision(), r.optimiser(),
                new Annealing(kind, a.tMax(), a.warmup()), r.augmentation(), r.stopping(), r.data(), r.structure(), r.views());
    }

    static Recipe augmentation(Recipe r, Augmentation a) {
        return new Recipe(r.preset(), r.family(), r.width(), r.batchSize(), r.seed(), r.precision(), r.optimiser(), r.annealing(),
                a, r.stopping(), r.data(), r.structure(), r.views());
    }

    static Recipe structure(Recipe r, Structure s) {
        return new Recipe(r.preset(), r.family(), r.width(), r.batchSize(), r.seed(), r.precision(), r.optimiser(), r.annealing(),
                r.augmentation(), r.stopping(), r.data(), s, r.views());
    }

    static Recipe size(Recipe r, int width, int epochs, Data data) {
        Stopping s = r.stopping();
        return new Recipe(r.preset(), r.family(), width, r.batchSize(), r.seed(), r.precision(), r.optimiser(), r.annealing(),
                r.augmentation(), new Stopping(epochs, s.target(), s.on()), data, r.structure(), r.views());
    }
}
