package dev.digits.internal.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Reads an unsigned-byte IDX file (the MNIST format), gzip-compressed or raw.
 *
 * <p>Checks the magic number, the dimensions, the length, and, when its folder's {@code SHA256SUMS}
 * lists it, its SHA-256 (the bundled {@code data/mnist} lists the published values).
 */
public final class IdxFile {

    /** The largest data an IDX file may declare (1 GiB; MNIST's training images are 47 MB). */
    private static final long MAX_BYTES = 1L << 30;

    /** The most that deflate can expand its input (about 1032:1), with a margin. */
    private static final long MAX_DEFLATE_RATIO = 1100;

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
     * labels, 3 for images). When the folder's {@code SHA256SUMS} lists the name without {@code .gz},
     * the SHA-256 of the decompressed content must equal it; when it lists a {@code .gz} file's own
     * name, the file's. A file it does not list, or a folder without one (Fashion-MNIST, which
     * shares MNIST's names and sizes, or a user's own set), loads unchecked.
     *
     * <p>The header is read and checked first: the size it declares must be under {@value #MAX_BYTES}
     * bytes, and no more than the file can hold (its length, or for gzip the most that deflate can
     * expand it to); the data is then read as it arrives, so a gzip bomb or a header whose
     * dimensions overflow is refused before any large allocation.
     */
    public static IdxFile read(Path file, int expectedDims) {
        String name = file.getFileName().toString();
        boolean gzip = name.endsWith(".gz");
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new DataException(name + ": truncated: " + magic.length + " bytes, no IDX header");
            }
            if (magic[0] != 0 || magic[1] != 0) {
                throw new DataException(name + ": not an IDX file (bad magic number)");
            }
            if (magic[2] != 0x08) {
                throw new DataException(name + ": IDX type 0x" + Integer.toHexString(magic[2] & 0xff)
                        + " is not unsigned byte (0x08)");
            }
            int ndim = magic[3];
            if (ndim != expectedDims) {
                throw new DataException(name + ": has " + ndim + " dimensions, expected " + expectedDims);
            }
            byte[] header = in.readNBytes(4 * ndim);
            if (header.length < 4 * ndim) {
                throw new DataException(name + ": truncated inside the header");
            }
            int[] dims = new int[ndim];
            for (int i = 0; i < ndim; i++) {
                int off = 4 * i;
                dims[i] = ((header[off] & 0xff) << 24) | ((header[off + 1] & 0xff) << 16)
                        | ((header[off + 2] & 0xff) << 8) | (header[off + 3] & 0xff);
                if (dims[i] <= 0) {
                    throw new DataException(name + ": dimension " + i + " is " + dims[i]);
                }
            }
            long expected = 1;
            for (int d : dims) {
                expected *= d; // checked at each step, so the product never overflows
                if (expected > MAX_BYTES) {
                    throw new DataException(name + ": header declares " + Arrays.stream(dims).mapToObj(String::valueOf)
                            .collect(Collectors.joining(" x ")) + " bytes, over the " + (MAX_BYTES >> 30) + " GiB limit");
                }
            }
            long stored = Files.size(file);
            long most = gzip ? stored * MAX_DEFLATE_RATIO : stored - 4 - 4L * ndim;
            if (expected > most) {
                throw new DataException(name + (gzip ? ": header says " + expected + " data bytes, more than "
                        + stored + " compressed bytes can hold" : ": truncated: " + most + " data bytes, header says " + expected));
            }
            byte[] data = in.readNBytes((int) expected); // grows with what arrives, not with what is declared
            if (data.length < expected) {
                throw new DataException(name + ": truncated: " + data.length + " data bytes, header says " + expected);
            }
            if (in.read() != -1) {
                throw new DataException(name + ": too long: more data bytes than the header's " + expected);
            }
            String stem = gzip ? name.substring(0, name.length() - 3) : name;
            Path sums = file.resolveSibling(Sha256Sums.FILE);
            if (Files.exists(sums)) {
                // listed decompressed (as data/mnist's) or, for a .gz, as the file itself (as sha256sum *.gz writes)
                String content = Sha256Sums.listed(sums, stem);
                String whole = content == null && gzip ? Sha256Sums.listed(sums, name) : null;
                if (content != null && !content.equals(Sha256Sums.of(magic, header, data))
                        || whole != null && !whole.equals(Sha256Sums.of(file, name))) {
                    throw Sha256Sums.mismatch(name, sums);
                }
            }
            return new IdxFile(dims, data);
        } catch (IOException e) {
            throw DataException.reading(file, name, e);
        }
    }
}
