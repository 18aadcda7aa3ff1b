package dev.digits.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads an unsigned-byte IDX file (the MNIST format), gzip-compressed or raw.
 *
 * <p>Checks the magic number, the dimensions, the length, and, when the file is one of the four
 * published MNIST files, the SHA-256 of its decompressed bytes.
 */
public final class IdxFile {

    /** SHA-256 of the decompressed MNIST files, as published. */
    static final Map<String, String> MNIST_SHA256 = Map.of(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    private static final int MAX_BYTES = 1 << 30;

    private final int[] dims;
    private final byte[] data;

    private IdxFile(int[] dims, byte[] data) {
        this.dims = dims;
        this.data = data;
    }

    public int[] dims() {
        return dims.clone();
    }

    /** The payload after the header, row-major. */
    public byte[] data() {
        return data;
    }

    /**
     * Reads {@code file}; {@code expectedDims} is the number of dimensions it must have (1 for
     * labels, 3 for images). When the file's name (without .gz) is a known MNIST name the SHA-256
     * of its content is checked only if {@code dims} match MNIST's, so Fashion-MNIST, which shares
     * the names, still loads.
     */
    public static IdxFile read(Path file, int expectedDims) {
        String name = file.getFileName().toString();
        byte[] bytes = readAll(file, name);
        if (bytes.length < 4) {
            throw new DataException(name + ": truncated: " + bytes.length + " bytes, no IDX header");
        }
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new DataException(name + ": not an IDX file (bad magic number)");
        }
        if (bytes[2] != 0x08) {
            throw new DataException(name + ": IDX type 0x" + Integer.toHexString(bytes[2] & 0xff)
                    + " is not unsigned byte (0x08)");
        }
        int ndim = bytes[3];
        if (ndim != expectedDims) {
            throw new DataException(name + ": has " + ndim + " dimensions, expected " + expectedDims);
        }
        int header = 4 + 4 * ndim;
        if (bytes.length < header) {
            throw new DataException(name + ": truncated inside the header");
        }
        int[] dims = new int[ndim];
        long expected = 1;
        for (int i = 0; i < ndim; i++) {
            int off = 4 + 4 * i;
            dims[i] = ((bytes[off] & 0xff) << 24) | ((bytes[off + 1] & 0xff) << 16)
                    | ((bytes[off + 2] & 0xff) << 8) | (bytes[off + 3] & 0xff);
            if (dims[i] <= 0) {
                throw new DataException(name + ": dimension " + i + " is " + dims[i]);
            }
            expected *= dims[i];
        }
        long actual = bytes.length - (long) header;
        if (actual != expected) {
            throw new DataException(name + ": " + (actual < expected ? "truncated" : "too long") + ": "
                    + actual + " data bytes, header says " + expected);
        }
        String stem = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        String known = MNIST_SHA256.get(stem);
        if (known != null && isMnistShape(stem, dims) && !known.equals(sha256(bytes))) {
            throw new DataException(name + ": corrupt: SHA-256 of its content differs from the published MNIST file");
        }
        byte[] data = new byte[(int) actual];
        System.arraycopy(bytes, header, data, 0, data.length);
        return new IdxFile(dims, data);
    }

    private static boolean isMnistShape(String stem, int[] dims) {
        int n = stem.startsWith("train") ? 60_000 : 10_000;
        return dims[0] == n && (dims.length == 1 || (dims[1] == 28 && dims[2] == 28));
    }

    private static byte[] readAll(Path file, String name) {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            byte[] bytes = in.readNBytes(MAX_BYTES);
            if (in.read() != -1) {
                throw new DataException(name + ": larger than 1 GiB, not an MNIST-like file");
            }
            return bytes;
        } catch (IOException e) {
            throw DataException.reading(file, name, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
