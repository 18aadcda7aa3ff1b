package dev.digits.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.google.gson.JsonParseException;
import dev.digits.io.AtomicWrite;
import dev.digits.io.Json;
import dev.digits.model.InputContract;
import dev.digits.model.MnistResNet;
import dev.digits.model.ModelException;
import java.io.BufferedInputStream;
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

    public static ModelInfo readInfo(RunFolder run) {
        Path file = run.info();
        try {
            ModelInfo info = Json.FILE.fromJson(Files.readString(file), ModelInfo.class);
            if (info == null || info.architecture() == null) {
                throw new ModelException(file + ": not a model description (no architecture)");
            }
            info.input(); // a usable mean and std
            return info;
        } catch (NoSuchFileException e) {
            throw new ModelException(run + ": not a run folder (no " + RunFolder.INFO + ")");
        } catch (IOException e) {
            throw new ModelException(file + ": cannot be read: " + e.getMessage());
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new ModelException(file + ": corrupt: " + firstLine(e.getMessage()));
        }
    }

    /** Loads a run folder's weights into a new DJL model of {@code info}'s architecture, on the CPU. */
    public static Model load(RunFolder run, Weights which, ModelInfo info) {
        Path weights = run.weights(which);
        if (!Files.isRegularFile(weights)) {
            throw new ModelException(run + ": no weights file " + weights.getFileName());
        }
        Model model = Model.newInstance("mnist-resnet");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(weights), 1 << 16)) {
            Block block = MnistResNet.build(info.architecture());
            block.initialize(model.getNDManager(), DataType.FLOAT32, InputContract.shape(1));
            block.loadParameters(model.getNDManager(), new DataInputStream(in));
            model.setBlock(block);
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelException(weights + ": corrupt or not made for " + info.architecture()
                    + " (" + firstLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
