package dev.digits.internal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The L2 norm of the gradient of every convolution's weights, from the input side to the output
 * side, for the first {@code steps} training steps of a run: how well the gradient reaches the
 * early layers (the claim that residual connections let depth train).
 */
public final class GradientNorms {

    private final int steps;
    private final List<String> layers = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();

    public GradientNorms(int steps) {
        if (steps <= 0) throw new IllegalArgumentException("steps must be positive, got " + steps);
        this.steps = steps;
    }

    /** Whether the next step is still to be recorded. */
    public boolean wants() {
        return rows.size() < steps;
    }

    /** Records the gradients the last backward pass left on {@code block}'s convolution weights. */
    void record(Block block) {
        if (!wants()) return;
        List<Double> norms = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray w = p.getValue().getArray();
            if (p.getValue().getType() != Parameter.Type.WEIGHT || w.getShape().dimension() != 4 || !w.hasGradient()) continue;
            try (NDArray g = w.getGradient(); NDArray norm = g.norm()) {
                norms.add((double) norm.getFloat());
            }
            names.add(p.getKey());
        }
        if (layers.isEmpty()) layers.addAll(names);
        rows.add(norms.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The convolutions' parameter names, in the order of each row. */
    public List<String> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** One row per recorded step: the norm of each layer's weight gradient. */
    public List<double[]> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** The recorded rows as CSV: {@code step,<layer names>}, steps from 1. */
    public String toCsv() {
        StringBuilder s = new StringBuilder("step,").append(String.join(",", layers)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            s.append(i + 1);
            for (double v : rows.get(i)) s.append(',').append((float) v);
            s.append('\n');
        }
        return s.toString();
    }
}
