package dev.digits.experiment;

import dev.digits.internal.train.Recipe;

/**
 * One cell of a sweep: a recipe (its seed set per run) under a name that is also its folder.
 *
 * @param name          the folder name and table label, e.g. {@code no-residual}
 * @param description   what changed against the base recipe, for summary.md
 * @param recipe        the recipe, with the base seed
 * @param logGradients  whether the first seed's run records per-layer gradient norms
 */
public record Variant(String name, String description, Recipe recipe, boolean logGradients) {

    public Variant(String name, String description, Recipe recipe) {
        this(name, description, recipe, false);
    }
}
