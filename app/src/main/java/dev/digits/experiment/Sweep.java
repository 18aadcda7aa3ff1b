package dev.digits.experiment;

import com.google.gson.JsonObject;
import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.io.Folders;
import dev.digits.internal.io.Json;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.train.GradientNorms;
import dev.digits.internal.train.Recipe;
import dev.digits.internal.train.Training;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the missing runs of a sweep, each variant once per seed, and reads back all of them. A run
 * is complete or absent ({@link SweepFolder}): an interrupted sweep keeps its finished runs, and
 * the next call starts the unfinished one again and runs only the missing ones.
 */
public final class Sweep {

    private final SweepFolder folder;
    private final Plan plan;
    private final List<Long> seeds;
    private final PrintStream out;
    private final String command;

    /** One run to make: a variant at a seed. */
    record Cell(Variant variant, long seed) {
        Recipe recipe() {
            return Edit.seed(variant.recipe(), seed);
        }
    }

    public Sweep(SweepFolder folder, Plan plan, List<Long> seeds, PrintStream out, String command) {
        this.folder = folder;
        this.plan = plan;
        this.seeds = List.copyOf(seeds);
        this.out = out;
        this.command = command;
    }

    /** Trains every missing run, then returns the results of all the plan's runs, in plan order. */
    public List<RunResult> run() throws IOException {
        List<Cell> cells = new ArrayList<>();
        for (Variant v : plan.variants()) for (long s : seeds) cells.add(new Cell(v, s));
        // missing runs go seed by seed, every variant once before any twice: a sweep stopped
        // early still compares every variant, at fewer seeds (a smaller --seeds reads it)
        List<Cell> missing = new ArrayList<>();
        for (Cell c : cells.stream().sorted(Comparator.comparingInt((Cell c) -> seeds.indexOf(c.seed()))).toList()) {
            RunFolder run = folder.run(c.variant().name(), c.seed());
            if (Files.isDirectory(run.dir())) checkSameRecipe(run, c.recipe());
            else missing.add(c);
        }
        out.printf("sweep %s: %s, %d variants x %d seed%s = %d runs; %d done, %d to run%n", folder, plan.experiment(),
                plan.variants().size(), seeds.size(), seeds.size() == 1 ? "" : "s", cells.size(), cells.size() - missing.size(),
                missing.size());
        Map<Variant, List<Double>> seconds = new HashMap<>();
        for (int i = 0; i < missing.size(); i++) {
            Cell c = missing.get(i);
            out.printf("%n== run %d of %d: %s, seed %d (%s); time left: %s%n", i + 1, missing.size(), c.variant().name(), c.seed(),
                    c.variant().description(), timeLeft(missing.subList(i, missing.size()), seconds));
            long start = System.nanoTime();
            train(c);
            seconds.computeIfAbsent(c.variant(), k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e9);
        }
        List<RunResult> results = new ArrayList<>();
        for (Cell c : cells) results.add(RunResult.read(c.variant().name(), c.seed(), folder.run(c.variant().name(), c.seed())));
        return results;
    }

    /** Trains one run in its partial folder, then renames it into place: the run folder is complete or absent. */
    private void train(Cell c) throws IOException {
        Path partial = folder.partial(c.variant().name(), c.seed());
        Folders.deleteTree(partial); // an earlier call's unfinished run: started again
        RunFolder run = RunFolder.createExact(partial);
        // interrupted, the sweep's own hook says what is kept: its partial run is started again, not resumed
        Training training = new Training(c.recipe(), run, out, false, command).onInterrupt(done -> null);
        GradientNorms gradients = c.variant().logGradients() && c.seed() == seeds.get(0) ? new GradientNorms(Experiment.GRADIENT_STEPS) : null;
        training.recordGradients(gradients).run();
        if (gradients != null) AtomicWrite.writeString(run.gradients(), gradients.toCsv());
        Files.move(partial, folder.run(c.variant().name(), c.seed()).dir(), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The time the runs {@code left} will take, from the runs of this call: a variant's own mean
     * where it has run; else a straight line through the runs done, seconds against work
     * ({@link #work}: a network of 8 blocks a stage takes several times one of 1, and every run
     * also pays a fixed part, such as its evaluations), or seconds in proportion to work while
     * the runs done have one work; unknown before the first run ends.
     */
    static String timeLeft(List<Cell> left, Map<Variant, List<Double>> seconds) {
        int n = 0;
        double sw = 0, ss = 0, sww = 0, sws = 0;
        for (Map.Entry<Variant, List<Double>> e : seconds.entrySet()) {
            double w = work(e.getKey());
            for (double s : e.getValue()) {
                n++;
                sw += w;
                ss += s;
                sww += w * w;
                sws += w * s;
            }
        }
        if (n == 0) return "estimated after the first run";
        double variance = sww / n - (sw / n) * (sw / n);
        double slope = variance > 1e-9 * sww / n ? (sws / n - sw / n * ss / n) / variance : 0;
        double intercept = ss / n - slope * sw / n;
        if (slope <= 0 || intercept < 0) { // one work, or a line that makes no sense: proportional
            slope = ss / sw;
            intercept = 0;
        }
        double total = 0;
        for (Cell c : left) {
            List<Double> own = seconds.get(c.variant());
            total += own != null ? own.stream().mapToDouble(Double::doubleValue).average().orElseThrow()
                    : intercept + slope * work(c.variant());
        }
        long s = Math.round(total);
        return s >= 3600 ? String.format("about %dh %02dmin", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("about %d min", Math.round(s / 60.0)) : "about " + s + " s";
    }

    /**
     * A variant's work: multiply-adds per image times epochs (the images are the same for every
     * run of a sweep). Batch size and the like change the time too; a variant's own runs then
     * correct the estimate.
     */
    static double work(Variant v) {
        return (double) v.recipe().architecture().multiplyAdds() * v.recipe().stopping().epochs();
    }

    /** A finished run trained by another recipe (other epochs, width or subset) cannot be mixed into this sweep. */
    private static void checkSameRecipe(RunFolder run, Recipe recipe) {
        JsonObject had = run.readConfig();
        JsonObject wanted = Json.FILE.toJsonTree(recipe.toMap()).getAsJsonObject();
        if (had.equals(wanted)) return;
        List<String> differ = new ArrayList<>();
        for (String k : wanted.keySet()) if (!wanted.get(k).equals(had.get(k))) differ.add(k);
        for (String k : had.keySet()) if (!wanted.has(k)) differ.add(k);
        throw new IllegalArgumentException(run + " was trained with another recipe (" + String.join(", ", differ)
                + " differ); give this sweep another --out");
    }
}
