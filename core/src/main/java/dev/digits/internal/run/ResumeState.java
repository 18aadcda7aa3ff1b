package dev.digits.internal.run;

import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.io.Json;
import dev.digits.internal.model.ModelException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code resume/epoch-N.state}: everything {@code train --resume} needs to go on after epoch N as an
 * uninterrupted run would, in one file written whole ({@link AtomicWrite}): the weights (the bytes
 * of {@code model.params} at that epoch, unless the run keeps their average: {@link #modelWeights}),
 * the optimiser's state and the training loop's.
 *
 * <p>Layout: the line {@code mnist-resume 1}; three or four sections, each an int length and its
 * bytes: the header (JSON: {@link Loop}, {@link Optimiser}), the weights (DJL's parameter format, as
 * {@code Block.saveParameters} writes it), the moments (DJL's NDList encoding: the first and second
 * moment of each parameter of {@link Optimiser#parameters()}, in that order), and for a recipe that
 * averages its weights ({@code train --ema}) the average, in the weights' format; then the SHA-256
 * of all that, so that damage anywhere is found before anything is read.
 *
 * @param weights  the trained network's parameters
 * @param moments  AdamW's moments as an encoded NDList
 * @param averaged the moving average of the weights, as model.params holds it; empty when the
 *                 recipe keeps none (model.params then holds {@code weights})
 */
public record ResumeState(Loop loop, Optimiser optimiser, byte[] weights, byte[] moments, byte[] averaged) {

    /** The state of a run that keeps no average of its weights. */
    public ResumeState(Loop loop, Optimiser optimiser, byte[] weights, byte[] moments) {
        this(loop, optimiser, weights, moments, new byte[0]);
    }

    /** What model.params holds at this epoch: the average when there is one, else the weights. */
    public byte[] modelWeights() {
        return averaged.length > 0 ? averaged : weights;
    }

    private static final byte[] MAGIC = "mnist-resume 1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SHA256 = 32;

    /**
     * The training loop after {@code epoch}.
     *
     * @param bestSelection the best accuracy early stopping and best.params watch so far, exactly as
     *                      the loop compares it (metrics.csv rounds it)
     * @param bestEpoch     the epoch whose weights best.params holds
     * @param trainSeconds  seconds spent in training steps so far
     * @param milestones    training seconds at which each test-accuracy milestone was first reached
     */
    public record Loop(int epoch,
                       @SerializedName("best_selection") double bestSelection,
                       @SerializedName("best_epoch") int bestEpoch,
                       @SerializedName("train_seconds") double trainSeconds,
                       @SerializedName("seconds_to_test_accuracy") Map<String, Double> milestones) {}

    /**
     * AdamW's counters: the trained parameters by name, in the network's order, each with its number
     * of updates so far, and the largest of them ({@code t} of the bias correction).
     */
    public record Optimiser(List<String> parameters,
                            @SerializedName("update_counts") List<Integer> updateCounts,
                            @SerializedName("num_update") int numUpdate) {}

    private record Header(Loop loop, Optimiser optimiser) {}

    /** Writes {@code resume/epoch-N.state} for this state's epoch, whole or not at all. */
    public void write(RunFolder run) throws IOException {
        byte[] header = Json.FILE.toJson(new Header(loop, optimiser)).getBytes(StandardCharsets.UTF_8);
        AtomicWrite.write(run.resumeState(loop.epoch()), out -> {
            MessageDigest sha = sha256();
            DataOutputStream data = new DataOutputStream(new DigestOutputStream(out, sha));
            data.write(MAGIC);
            for (byte[] section : averaged.length > 0 ? List.of(header, weights, moments, averaged) : List.of(header, weights, moments)) {
                data.writeInt(section.length);
                data.write(section);
            }
            data.flush();
            out.write(sha.digest());
        });
    }

    /**
     * Reads the state written after {@code epoch}; any damage, or a state of another epoch, is a
     * {@link ModelException} with a one-line message naming the file.
     */
    public static ResumeState read(RunFolder run, int epoch) {
        Path file = run.resumeState(epoch);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelException(run + ": cannot resume: no " + run.dir().relativize(file)
                    + " (the state after epoch " + epoch + "; runs made before --resume existed have none)");
        } catch (IOException e) {
            throw new ModelException(file + ": cannot be read: " + ModelException.why(e));
        }
        if (bytes.length < MAGIC.length + SHA256 || !Arrays.equals(MAGIC, 0, MAGIC.length, bytes, 0, MAGIC.length)) {
            throw corrupt(file, "not a resume state of this version of mnist");
        }
        int body = bytes.length - SHA256;
        MessageDigest sha = sha256();
        sha.update(bytes, 0, body);
        if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(bytes, body, bytes.length))) {
            throw corrupt(file, "checksum mismatch");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, body - MAGIC.length);
            Header h = Json.FILE.fromJson(new String(section(in), StandardCharsets.UTF_8), Header.class);
            byte[] weights = section(in);
            byte[] moments = section(in);
            byte[] averaged = in.hasRemaining() ? section(in) : new byte[0];
            if (in.hasRemaining() || h == null || h.loop() == null || h.optimiser() == null
                    || h.optimiser().parameters() == null || h.optimiser().updateCounts() == null
                    || h.optimiser().parameters().size() != h.optimiser().updateCounts().size()) {
                throw corrupt(file, "incomplete");
            }
            if (h.loop().epoch() != epoch) {
                throw corrupt(file, "holds epoch " + h.loop().epoch() + ", not " + epoch);
            }
            return new ResumeState(h.loop(), h.optimiser(), weights, moments, averaged);
        } catch (BufferUnderflowException | IllegalArgumentException | JsonParseException e) {
            throw corrupt(file, "unreadable (" + Checkpoint.firstLine(e.getMessage()) + ")");
        }
    }

    private static byte[] section(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("a section runs past the end");
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static ModelException corrupt(Path file, String why) {
        return new ModelException(file + ": corrupt (" + why + "); cannot resume from it");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
