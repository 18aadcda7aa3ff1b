package dev.digits.internal.exchange;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.digits.internal.exchange.TorchLayout.TorchTensor;
import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.run.Checkpoint;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's weights as the {@code state_dict} of its PyTorch class ({@link TorchLayout}) in a
 * safetensors file, with DJL's writer ({@code NDList.encode(SAFETENSORS)}): every tensor float32
 * but the batch counts (int64, 0: DJL does not count batches; PyTorch reads them only for a
 * cumulative average, momentum None). A calibrated run's temperature goes into the header's
 * {@code __metadata__} ({@value SafetensorsHeader#TEMPERATURE}), which {@link ImportRun} restores.
 */
public final class TorchExport {

    /** What was written. */
    public record Written(Path file, int tensors, long bytes, ModelInfo info) {}

    private TorchExport() {}

    /** Whether {@code out} is one of the files {@code run} keeps (its weights, model.json, ...), which the export would replace. */
    private static boolean ownFile(RunFolder run, Path out) {
        Path parent = out.toAbsolutePath().normalize().getParent();
        String name = out.getFileName().toString();
        java.util.Set<String> own = new java.util.HashSet<>(RunFolder.LOADED);
        own.addAll(List.of(RunFolder.CONFIG, RunFolder.METRICS, Weights.BEST.fileName()));
        try {
            return parent != null && own.contains(name) && Files.isSameFile(parent, run.dir());
        } catch (IOException e) {
            return false;
        }
    }

    public static Written write(RunFolder run, Weights which, Path out) throws IOException {
        ModelInfo info = run.readInfo();
        if (info.isEnsemble()) {
            throw new ModelException(run + ": an ensemble (" + info.members().size() + " member" + (info.members().size() > 1 ? "s" : "")
                    + "); export a member's folder, " + run.members(info).get(0));
        }
        TorchLayout.familyOf(info.architecture()); // refused before the weights are read
        if (Files.isDirectory(out)) throw new ModelException(out + " is a folder; --out names the file to write");
        if (ownFile(run, out)) {
            throw new ModelException(out + " is a file of the run itself; --out names a new file (such as "
                    + run.dir().resolve("model.safetensors") + ")");
        }
        try (Model model = Checkpoint.load(run, which, info); NDManager scratch = model.getNDManager().newSubManager()) {
            List<TorchTensor> layout = TorchLayout.of(info.architecture(), model.getBlock());
            NDList tensors = new NDList(layout.size());
            for (TorchTensor t : layout) {
                NDArray a = t.inNetwork() ? t.parameter().getArray().toType(DataType.FLOAT32, true)
                        : t.type() == DataType.INT64 ? scratch.create(0L) : scratch.full(t.shape(), t.fresh());
                a.setName(t.name());
                tensors.add(a);
            }
            java.io.ByteArrayOutputStream encoded = new java.io.ByteArrayOutputStream();
            tensors.encode(encoded, NDList.Encoding.SAFETENSORS);
            // the run's calibration travels with its weights, for import to restore
            ModelInfo exported = info.forWeights(which); // the temperature was fitted on the final weights only
            byte[] file = exported.temperature() == null ? encoded.toByteArray() : SafetensorsHeader.withMetadata(encoded.toByteArray(),
                    java.util.Map.of(SafetensorsHeader.TEMPERATURE, Double.toString(exported.temperature())));
            AtomicWrite.write(out, o -> o.write(file));
            return new Written(out, layout.size(), Files.size(out), exported);
        }
    }
}
