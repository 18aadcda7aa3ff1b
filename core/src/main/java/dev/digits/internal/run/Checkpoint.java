package dev.digits.internal.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.google.gson.JsonParseException;
import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.io.Json;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.MnistResNet;
import dev.digits.internal.model.ModelException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A model's two files in a run folder: weights ({@link Weights}, DJL's parameter format) and
 * {@code model.json} ({@link ModelInfo}). Every write goes through {@link AtomicWrite}, so an
 * interrupted run never leaves a half-written file.
 */
public final class Checkpoint {

    private Checkpoint() {}

    /** The weights of {@code block} in DJL's parameter format: what a weights file holds. */
    public static byte[] weightBytes(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            block.saveParameters(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from memory
        }
        return bytes.toByteArray();
    }

    /** Writes weights as {@link #weightBytes} gave them. */
    public static void writeWeights(RunFolder run, Weights which, byte[] weights) throws IOException {
        AtomicWrite.write(run.weights(which), out -> out.write(weights));
    }

    /** The largest model.json read: real ones are a few KiB. */
    static final long MAX_INFO_BYTES = 1 << 20;

    public static ModelInfo readInfo(RunFolder run) {
        Path file = run.info();
        try {
            if (Files.size(file) > MAX_INFO_BYTES) {
                throw new ModelException(file + ": over " + MAX_INFO_BYTES / 1024 + " KiB, not a model description");
            }
            ModelInfo info = Json.FILE.fromJson(Files.readString(file), ModelInfo.class);
            if (info == null || info.architecture() == null) {
                throw new ModelException(file + ": not a model description (no architecture)");
            }
            info.input(); // a usable mean and std
            return info;
        } catch (NoSuchFileException e) {
            if (Files.isRegularFile(run.config())) {
                throw new ModelException(run + ": no completed epoch yet (the run is in its first epoch, or was stopped in it;"
                        + " ./mnist train --resume " + run + " starts it again)");
            }
            throw new ModelException(run + ": not a run folder (" + RunFolder.whyNot(run.dir(), RunFolder.INFO) + ")");
        } catch (IOException e) {
            if (Files.isRegularFile(run.dir())) throw new ModelException(run + ": not a run folder (" + RunFolder.whyNot(run.dir(), RunFolder.INFO) + ")");
            throw new ModelException(file + ": cannot be read: " + ModelException.why(e));
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            // Gson wraps what Architecture's constructor refuses; the innermost message says what
            throw new ModelException(file + ": corrupt: " + firstLine(rootMessage(e)));
        }
    }

    /** The SHA-256 of weights as written, recorded in model.json ({@link ModelInfo#weightsSha256()}). */
    public static String sha256(byte[] weights) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(weights));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads a run folder's weights into a new DJL model of {@code info}'s architecture, on the CPU.
     * The final weights must be the ones model.json describes (their SHA-256, where it records
     * one), and every parameter must have the shape the architecture gives it.
     */
    public static Model load(RunFolder run, Weights which, ModelInfo info) {
        Path weights = run.weights(which);
        if (!Files.isRegularFile(weights)) {
            throw new ModelException(run + ": no weights file " + weights.getFileName());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(weights);
        } catch (IOException | OutOfMemoryError e) {
            throw new ModelException(weights + ": cannot be read: " + ModelException.why(e));
        }
        if (which == Weights.MODEL && info.weightsSha256() != null && !info.weightsSha256().equals(sha256(bytes))) {
            byte[] described = describedWeights(run, info);
            if (described == null) {
                // a run stopped while saving is read above from its resume state: what is left was changed since
                throw new ModelException(weights + " is not the one " + RunFolder.INFO + " describes (its SHA-256 differs:"
                        + " changed or damaged since the run wrote it); copy the folder again from where it came, or train it again");
            }
            bytes = described;
        }
        Model model = Model.newInstance("mnist-resnet");
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            Block block = MnistResNet.build(info.architecture());
            block.initialize(model.getNDManager(), DataType.FLOAT32, InputContract.shape(1));
            java.util.Map<String, ai.djl.ndarray.types.Shape> shapes = new java.util.LinkedHashMap<>();
            block.getParameters().forEach(p -> shapes.put(p.getKey(), p.getValue().getArray().getShape()));
            block.loadParameters(model.getNDManager(), new DataInputStream(in));
            block.getParameters().forEach(p -> {
                ai.djl.ndarray.types.Shape loaded = p.getValue().getArray().getShape();
                if (!loaded.equals(shapes.get(p.getKey()))) {
                    throw new IllegalArgumentException("parameter " + p.getKey() + " is " + loaded + ", expected "
                            + shapes.get(p.getKey()));
                }
            });
            if (in.read() != -1) throw new IllegalArgumentException("data after the last parameter");
            model.setBlock(block);
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelException(weights + ": corrupt or not made for " + info.architecture()
                    + " (" + ModelException.why(e) + ")");
        }
    }

    /**
     * The weights that model.json describes, when model.params is a later epoch's: a run stopped
     * after writing an epoch's model.params and before its model.json still holds the described
     * epoch's weights in that epoch's resume state (written before model.json and deleted after
     * the next one), so the folder is read as the epoch model.json describes, without writing
     * anything. Null when there is no such state or it holds other weights.
     */
    private static byte[] describedWeights(RunFolder run, ModelInfo info) {
        if (info.metrics() == null) return null;
        try {
            byte[] w = ResumeState.read(run, info.metrics().epochsCompleted()).modelWeights();
            return info.weightsSha256().equals(sha256(w)) ? w : null;
        } catch (ModelException e) {
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return String.valueOf(e.getMessage());
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
