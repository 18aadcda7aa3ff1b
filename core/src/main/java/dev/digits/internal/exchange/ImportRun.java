package dev.digits.internal.exchange;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.MnistResNet;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.run.Checkpoint;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model folder made from PyTorch weights ({@link TorchImport}): {@code model.params} and a
 * {@code model.json} that eval, predict and serve load like a trained run's. Its inputs are
 * normalised as the report's ({@link InputContract#MNIST}: {@code Normalize((0.1307,), (0.3081,))});
 * it has no metrics until they are measured, and no {@code best.params}. A file that {@code export}
 * wrote from a calibrated run carries its temperature, which the folder keeps.
 */
public final class ImportRun {

    private ImportRun() {}

    /** Writes {@code out} (new or empty) from {@code file}, read as the weights of {@code a}; the file is read before anything is written. */
    public static ModelInfo create(Path file, Architecture a, Path out, String command) throws IOException {
        byte[] weights;
        long parameters;
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = TorchImport.read(file, a, manager);
            weights = Checkpoint.weightBytes(net);
            parameters = MnistResNet.trainableParameters(net);
        }
        Double temperature = temperature(file);
        RunFolder run = RunFolder.createExact(out);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ModelInfo.IMPORTED_FROM, file.toAbsolutePath().normalize().toString());
        config.put("imported_sha256", sha256(file));
        config.put("format", "safetensors, the state_dict of " + TorchLayout.pythonClass(a));
        config.put("arch", a.name());
        config.put("width", a.width());
        config.put("architecture", a.toString());
        InputContract input = InputContract.MNIST;
        Checkpoint.writeWeights(run, Weights.MODEL, weights);
        ModelInfo info = new ModelInfo(a, input.mean(), input.std(), config, null, Instant.now().toString(), parameters, command)
                .withWeightsSha256(Checkpoint.sha256(weights));
        if (temperature != null) info = info.withTemperature(temperature);
        run.writeInfo(info);
        return info;
    }

    /** The temperature that export wrote into the file's metadata, or null (a file from PyTorch has none). */
    static Double temperature(Path file) throws IOException {
        String t = TorchImport.metadata(file).get(SafetensorsHeader.TEMPERATURE);
        if (t == null) return null;
        try {
            double v = Double.parseDouble(t);
            if (ModelInfo.validTemperature(v)) return v;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ModelException(file + ": its metadata's temperature, '" + t + "', is not a number in (0, 100)");
    }

    private static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
