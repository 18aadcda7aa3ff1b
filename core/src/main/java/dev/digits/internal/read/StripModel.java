package dev.digits.internal.read;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.NumberNet;
import dev.digits.internal.run.RunFolder;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One or more trained {@link NumberNet}s: each reads the number of a {@link Strip} at once, by the
 * most likely symbol at each step with repeats merged and blanks dropped (CTC's best path). The
 * weights file holds the networks back to back ({@code read-train --networks}); each gives its
 * own reading, since two CTC networks need not spike at the same steps (averaging their steps'
 * probabilities read 93.75% of read-bench's separated numbers against 96.5% for either alone,
 * docs/results.md), and {@link Consensus} weighs the readings digit by digit.
 */
public final class StripModel implements AutoCloseable {

    /**
     * One digit of a strip's reading.
     *
     * @param digit 0-9
     * @param probability the highest probability it had over the steps that read it
     * @param first the first step that read it
     * @param last the last step that read it
     */
    public record Symbol(int digit, float probability, int first, int last) {}

    /** The digits a strip reads as, left to right. */
    public record Sequence(List<Symbol> symbols) {
        public String digits() {
            StringBuilder s = new StringBuilder();
            for (Symbol d : symbols) s.append((char) ('0' + d.digit()));
            return s.toString();
        }
    }

    /** Networks a weights file may hold: each costs its time at every reading (two read little better than one, docs/results.md). */
    public static final int MAX_NETWORKS = 4;

    private final List<Model> models;
    private final ParameterStore store;

    private StripModel(List<Model> models) {
        this.models = List.copyOf(models);
        this.store = new ParameterStore(models.get(0).getNDManager(), false);
    }

    /** How many networks read each strip. */
    public int networks() {
        return models.size();
    }

    /** The folder's whole-number reader ({@code number-net.params}), or null when it has none. */
    public static StripModel of(RunFolder run) {
        return Files.isRegularFile(run.numberNet()) ? load(run.numberNet()) : null;
    }

    /** The network of {@code params} (as {@code read-train} writes it). */
    public static StripModel load(Path params) {
        byte[] weights;
        try {
            weights = Files.readAllBytes(params);
        } catch (IOException e) {
            throw new ModelException(params + ": cannot read the number reader's weights (" + e.getMessage() + ")");
        }
        try {
            return of(weights);
        } catch (ModelException e) {
            throw new ModelException(params + ": " + e.getMessage());
        }
    }

    /** The networks of these weights, one after another. */
    public static StripModel of(byte[] weights) {
        List<Model> models = new ArrayList<>();
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights));
            do {
                if (models.size() == MAX_NETWORKS) throw new IOException("more than " + MAX_NETWORKS + " networks");
                Model model = Model.newInstance(NumberNet.NAME);
                models.add(model);
                model.setBlock(NumberNet.build());
                model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, NumberNet.HEIGHT, 4 * NumberNet.STEP));
                model.getBlock().loadParameters(model.getNDManager(), in);
            } while (in.available() > 0);
            StripModel loaded = new StripModel(models);
            loaded.read(new Strip(new float[NumberNet.HEIGHT * 16], 16, null, 1)); // DJL loads any shape: a wrong one fails here
            return loaded;
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            models.forEach(Model::close);
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new ModelException("the number reader's weights do not load (" + why + ")");
        }
    }

    /** The strips' readings, in order: for each strip, one reading per network, in the file's order. */
    public synchronized List<List<Sequence>> read(List<Strip> strips) {
        List<List<Sequence>> out = new ArrayList<>();
        for (int i = 0; i < strips.size(); i++) out.add(new ArrayList<>());
        if (strips.isEmpty()) return out;
        int steps = 0;
        for (Strip s : strips) steps = Math.max(steps, NumberNet.steps(s.width()));
        int w = steps * NumberNet.STEP;
        try (NDManager m = models.get(0).getNDManager().newSubManager()) {
            NDArray x = m.create(pack(strips, w), new Shape(strips.size(), 1, NumberNet.HEIGHT, w));
            for (Model model : models) {
                NDArray p = NumberNet.perStep(model.getBlock().forward(store, new NDList(x), false).singletonOrThrow()).softmax(2);
                float[] all = p.toFloatArray();
                for (int i = 0; i < strips.size(); i++) {
                    out.get(i).add(decode(all, i * steps * NumberNet.CLASSES, NumberNet.steps(strips.get(i).width())));
                }
            }
        }
        return out.stream().map(List::copyOf).toList();
    }

    /** The strip's readings, one per network. */
    public List<Sequence> read(Strip strip) {
        return read(List.of(strip)).get(0);
    }

    /** Each strip left-aligned in a batch {@code w} wide, the rest 0 (no ink). */
    static float[] pack(List<Strip> strips, int w) {
        float[] x = new float[strips.size() * NumberNet.HEIGHT * w];
        for (int i = 0; i < strips.size(); i++) strips.get(i).into(x, i, w, 0, 0);
        return x;
    }

    /** Best path: the top symbol of each step, repeats merged, blanks dropped. */
    public static Sequence decode(float[] p, int offset, int steps) {
        List<Symbol> out = new ArrayList<>();
        int prev = NumberNet.BLANK;
        for (int t = 0; t < steps; t++) {
            int o = offset + t * NumberNet.CLASSES;
            int best = 0;
            for (int c = 1; c < NumberNet.CLASSES; c++) if (p[o + c] > p[o + best]) best = c;
            if (best != NumberNet.BLANK) {
                if (best == prev) {
                    Symbol last = out.remove(out.size() - 1);
                    out.add(new Symbol(last.digit(), Math.max(last.probability(), p[o + best]), last.first(), t));
                } else {
                    out.add(new Symbol(best - 1, p[o + best], t, t));
                }
            }
            prev = best;
        }
        return new Sequence(List.copyOf(out));
    }

    @Override
    public void close() {
        models.forEach(Model::close);
    }
}
