package dev.digits.internal.exchange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.digits.internal.exchange.TorchLayout.TorchTensor;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.MnistResNet;
import dev.digits.internal.model.ModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a safetensors file holding the {@code state_dict} of a PyTorch network of the family
 * ({@link TorchLayout}) into the DJL network, as strictly as PyTorch's
 * {@code load_state_dict(strict=True)}: every name there, no other, each of its shape. Float
 * tensors may be float32, float16, bfloat16 or float64 (they are read as float32); the batch counts
 * must be int64, as PyTorch writes them, and are not used. The report's unused conv2/bn2 must be
 * there (a strict load of its class needs them) and are not used either.
 */
public final class TorchImport {

    private static final Set<DataType> FLOATS = Set.of(DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16, DataType.FLOAT64);

    private TorchImport() {}

    /** The {@code __metadata__} of {@code file}'s header (its tensors are not read). */
    public static java.util.Map<String, String> metadata(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file)) {
            return header(in, file).metadata();
        }
    }

    /** The header of the file open as {@code in}: its length from the first 8 bytes, then the header itself, both checked. */
    private static SafetensorsHeader header(FileChannel in, Path file) throws IOException {
        long size = in.size();
        byte[] first = readFully(in, 0, (int) Math.min(8, size), file);
        long headerBytes = SafetensorsHeader.headerLength(java.util.Arrays.copyOf(first, 8), size, file.toString());
        return SafetensorsHeader.parse(readFully(in, 8, (int) headerBytes, file), size, file.toString());
    }

    /** A new network of {@code a}, initialised in {@code manager}, holding the weights of {@code file}. */
    public static Block read(Path file, Architecture a, NDManager manager) throws IOException {
        Block net = MnistResNet.build(a);
        net.initialize(manager, DataType.FLOAT32, InputContract.shape(1));
        List<TorchTensor> layout = TorchLayout.of(a, net);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new ModelException(file + (java.nio.file.Files.isDirectory(file) ? ": a folder, not a .safetensors file" : ": no such file"));
        }
        try (FileChannel in = FileChannel.open(file)) {
            SafetensorsHeader header = header(in, file);
            check(header.tensors(), layout, a, file);
            // every name and shape is the network's now, so the data section is the network's size
            if (header.dataBytes() > Integer.MAX_VALUE) throw new ModelException(file + ": over 2 GiB of tensors");
            ByteBuffer data = ByteBuffer.wrap(readFully(in, header.dataStart(), (int) header.dataBytes(), file));
            try (NDManager scratch = manager.newSubManager()) {
                for (TorchTensor t : layout) {
                    // intern: the parameter takes the new array's memory; NDArray.set would make libtorch warn
                    // (AutoNonVariableTypeMode is deprecated) on stderr
                    if (t.inNetwork()) t.parameter().getArray().intern(values(t, header.tensors().get(t.name()), data, scratch, file));
                }
            }
        }
        return net;
    }

    /** The names, shapes and types of the file against the network's. */
    private static void check(Map<String, SafetensorsHeader.Entry> found, List<TorchTensor> layout, Architecture a, Path file) {
        List<String> missing = new ArrayList<>();
        Set<String> extra = new java.util.LinkedHashSet<>(found.keySet());
        for (TorchTensor t : layout) {
            if (!extra.remove(t.name())) missing.add(t.name());
        }
        if (!missing.isEmpty()) {
            throw new ModelException(file + ": no " + missing.get(0) + more(missing.size()) + ", which " + a.name() + "("
                    + a.width() + ") has: is --arch or --width right?");
        }
        if (!extra.isEmpty()) {
            throw new ModelException(file + ": " + extra.iterator().next() + more(extra.size()) + " is not a tensor of "
                    + a.name() + "(" + a.width() + "): is --arch or --width right?");
        }
        for (TorchTensor t : layout) {
            SafetensorsHeader.Entry e = found.get(t.name());
            if (!e.shape().equals(t.shape())) {
                throw new ModelException(file + ": " + t.name() + " is " + e.shape() + ", " + a.name() + "(" + a.width()
                        + ") has " + t.shape() + ": is --width right?");
            }
            boolean ok = t.type() == DataType.INT64 ? e.type() == DataType.INT64 : FLOATS.contains(e.type());
            if (!ok) {
                throw new ModelException(file + ": " + t.name() + " is " + e.type().asSafetensors() + ", expected "
                        + (t.type() == DataType.INT64 ? "I64" : "F32, F16, BF16 or F64"));
            }
        }
    }

    private static String more(int n) {
        return n > 1 ? " (and " + (n - 1) + " more)" : "";
    }

    /** The tensor as float32, whose values must be finite (and a running variance's not negative). */
    private static NDArray values(TorchTensor t, SafetensorsHeader.Entry e, ByteBuffer data, NDManager scratch, Path file) {
        ByteBuffer bytes = data.slice((int) e.begin(), (int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
        NDArray read = e.type() == DataType.BFLOAT16 ? scratch.create(bf16ToFloat(bytes), e.shape())
                : scratch.create(bytes, e.shape(), e.type());
        // float32 in libtorch's own memory: the parameter interns the array's memory, and an array made
        // from a Java buffer may only point into it (the values were garbage once that buffer was
        // collected); a conversion makes new memory, a float32 array is copied
        NDArray array = read.getDataType() == DataType.FLOAT32 ? read.duplicate() : read.toType(DataType.FLOAT32, false);
        float[] values = array.toFloatArray();
        boolean variance = t.name().endsWith("running_var");
        for (float v : values) {
            if (!Float.isFinite(v) || (variance && v < 0)) {
                throw new ModelException(file + ": " + t.name() + " holds " + v + (variance ? ", not a variance" : ""));
            }
        }
        return array;
    }

    /**
     * bfloat16 values widened to float32 here: DJL 0.36's PyTorch engine aborts the JVM
     * ("terminate called without an active exception") creating an array of them from a buffer.
     * A bfloat16 is the upper half of a float32's bits.
     */
    static float[] bf16ToFloat(ByteBuffer bytes) {
        float[] out = new float[bytes.remaining() / 2];
        for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat((bytes.getShort(bytes.position() + 2 * i) & 0xffff) << 16);
        return out;
    }

    private static byte[] readFully(FileChannel in, long at, int n, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (in.read(b, at + b.position()) < 0) throw new ModelException(file + ": truncated");
        }
        return b.array();
    }
}
