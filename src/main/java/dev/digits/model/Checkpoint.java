package dev.digits.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.digits.io.AtomicWrite;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Saving and loading a model as two files in a run folder: {@code <name>.params} (DJL's parameter
 * format) and {@code model.json} ({@link ModelInfo}). Every write goes through {@link AtomicWrite}, so an interrupted run never leaves a half-written file.
 */
public final class Checkpoint {

    public static final String INFO = "model.json";
    public static final String FINAL = "model";
    public static final String BEST = "best";

    public static final Gson GSON = dev.digits.io.Json.FILE;

    private Checkpoint() {}

    /** Saves the weights of {@code block} as {@code dir/<name>.params}. */
    public static void saveWeights(Block block, Path dir, String name) throws IOException {
        AtomicWrite.write(dir.resolve(name + ".params"), out -> {
            DataOutputStream data = new DataOutputStream(out);
            block.saveParameters(data);
            data.flush();
        });
    }

    public static void saveInfo(ModelInfo info, Path dir) throws IOException {
        writeString(dir.resolve(INFO), GSON.toJson(info));
    }

    public static ModelInfo readInfo(Path dir) {
        Path file = dir.resolve(INFO);
        try {
            ModelInfo info = GSON.fromJson(Files.readString(file), ModelInfo.class);
            if (info == null || info.architecture() == null) {
                throw new ModelException(file + ": not a model description (no architecture)");
            }
            return info;
        } catch (NoSuchFileException e) {
            throw new ModelException(dir + ": not a run folder (no " + INFO + ")");
        } catch (IOException e) {
            throw new ModelException(file + ": cannot be read: " + e.getMessage());
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new ModelException(file + ": corrupt: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Loads a run folder's model: its architecture from model.json and the weights
     * {@code <name>.params}, into a new DJL model on the CPU.
     */
    public static Model load(Path dir, String name, ModelInfo info) {
        if (!name.equals(FINAL) && !name.equals(BEST)) {
            throw new IllegalArgumentException("--weights must be model or best, got " + name);
        }
        Path weights = dir.resolve(name + ".params");
        if (!Files.isRegularFile(weights)) {
            throw new ModelException(dir + ": no weights file " + weights.getFileName());
        }
        Model model = Model.newInstance("mnist-resnet");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(weights), 1 << 16)) {
            Block block = MnistResNet.build(info.architecture());
            block.initialize(model.getNDManager(), DataType.FLOAT32, MnistResNet.INPUT);
            block.loadParameters(model.getNDManager(), new DataInputStream(in));
            model.setBlock(block);
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelException(weights + ": corrupt or not made for " + info.architecture()
                    + " (" + firstLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    /** The number of trainable parameters (running statistics of batch norm excluded, as in PyTorch). */
    public static long trainableParameters(Block block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) n += p.getArray().size();
        }
        return n;
    }

    public static void writeString(Path file, String text) throws IOException {
        AtomicWrite.writeString(file, text);
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
