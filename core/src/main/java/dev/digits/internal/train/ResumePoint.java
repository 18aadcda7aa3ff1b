package dev.digits.internal.train;

import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.run.Checkpoint;
import dev.digits.internal.run.EpochRow;
import dev.digits.internal.run.Metrics;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.ResumeState;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Where {@code train --resume} picks a run folder up: after the last epoch whose {@code model.json}
 * was written (the epoch's commit point: every other file of an epoch is written before it, and
 * best.params right after), with the recipe of its {@code config.json}, the first rows of its
 * {@code metrics.csv} and that epoch's {@link ResumeState}.
 *
 * @param info     model.json, or null when no epoch was completed
 * @param history  metrics.csv's rows of the completed epochs (a row of an unfinished epoch dropped)
 * @param state    the state after the last completed epoch; null when none was completed, and
 *                 possibly null for a complete run (the state is deleted when a run finishes)
 * @param complete why the run stopped ("ran all 3 epochs"), or null if it has epochs to go
 */
public record ResumePoint(RunFolder run, Recipe recipe, ModelInfo info, List<EpochRow> history, ResumeState state,
                          String complete) {

    /** The epochs completed so far. */
    public int epochsDone() {
        return history.size();
    }

    /** Reads a run folder; anything missing, damaged or of different epochs is a one-line {@link ModelException}. */
    public static ResumePoint of(RunFolder run) throws IOException {
        if (!Files.isDirectory(run.dir())) throw new ModelException(run + ": not a run folder (" + RunFolder.whyNot(run.dir(), RunFolder.CONFIG + " or " + RunFolder.INFO) + ")");
        if (!Files.isRegularFile(run.config()) && !Files.isRegularFile(run.info())) {
            throw new ModelException(run + ": not a run folder (no " + RunFolder.CONFIG + " or " + RunFolder.INFO + ")");
        }
        Recipe recipe;
        try {
            recipe = Recipe.fromConfig(run.readConfig());
        } catch (IllegalArgumentException e) {
            throw new ModelException(run.config() + ": not a recipe this version of mnist can resume (" + e.getMessage() + ")");
        }
        ModelInfo info = Files.isRegularFile(run.info()) ? run.readInfo() : null;
        Metrics metrics = info == null ? null : info.metrics();
        int done = metrics == null ? 0 : metrics.epochsCompleted();
        List<EpochRow> rows = run.readMetrics();
        if (rows.size() < done) {
            throw new ModelException(run.metrics() + ": " + rows.size() + " epochs, but " + RunFolder.INFO + " says " + done);
        }
        for (int i = 0; i < done; i++) {
            if (rows.get(i).epoch() != i + 1) {
                throw new ModelException(run.metrics() + ": row " + (i + 1) + " is epoch " + rows.get(i).epoch());
            }
        }
        List<EpochRow> history = List.copyOf(rows.subList(0, done));
        String complete = done == 0 ? null : StopRule.reason(recipe, done, metrics.validationAccuracy(), metrics.testAccuracy());
        ResumeState state = null;
        if (complete == null && done > 0) {
            state = ResumeState.read(run, done);
        } else if (complete != null && Files.isRegularFile(run.resumeState(done))) {
            try {
                state = ResumeState.read(run, done); // killed before it was deleted: best.params may lag behind
            } catch (ModelException e) {
                state = null; // a finished run does not need it
            }
        }
        return new ResumePoint(run, recipe, info, history, state, complete);
    }

    /**
     * Puts every file back to the completed epoch, as an uninterrupted run had them then: the
     * weights from the state (an unfinished epoch may have written model.params; best.params is
     * written just after model.json), metrics.csv without a row of an unfinished epoch, and no
     * state of another epoch, nor the temporary files of writes cut short.
     */
    public void restoreFiles() throws IOException {
        AtomicWrite.deleteLeftovers(run.dir());
        AtomicWrite.deleteLeftovers(run.resumeDir());
        if (state != null) {
            Checkpoint.writeWeights(run, Weights.MODEL, state.modelWeights());
            if (state.loop().bestEpoch() == state.loop().epoch()) Checkpoint.writeWeights(run, Weights.BEST, state.modelWeights());
        }
        if (epochsDone() > 0 && run.readMetrics().size() != epochsDone()) run.writeMetrics(history);
        run.deleteResumeStates(complete == null ? epochsDone() : 0);
    }
}
