package dev.digits.internal.model.cpu;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A parameter-free TorchScript module written from its source text, for the few libtorch
 * operations DJL's Java API cannot name.
 *
 * <p>DJL passes data types to libtorch as enum ordinals and its native bridge knows only ordinals
 * 0-8, so any DJL call that creates a bfloat16 tensor terminates the JVM (docs/history.md,
 * section 6). Inside a TorchScript method libtorch casts by itself, so a method that takes and
 * returns float32 tensors can compute in bfloat16 without DJL ever seeing that type.
 *
 * <p>The module is a TorchScript archive (version 3, as PyTorch writes it: the class's code,
 * a pickled object with only its {@code training} flag, no tensors) built in memory and loaded
 * through DJL's {@code JniUtils.loadModule}; nothing is written to disk.
 */
final class TorchScript {

    /** Outlives every model: loaded modules hold no tensors, only code. */
    private static final NDManager MANAGER = NDManager.newBaseManager("PyTorch");

    private TorchScript() {}

    /**
     * Loads a module named {@code className} whose forward method takes {@code parameters}
     * (TorchScript, e.g. {@code "x: Tensor, w: Tensor"}), runs the lines of {@code body} and
     * returns a Tensor. The class around it, with no parameters or buffers, is written here, to
     * match the pickled object of {@link #archive}.
     */
    static PtSymbolBlock load(String className, String parameters, String body) {
        String code = "class " + className + "(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n"
                + "  def forward(self: __torch__." + className + ", " + parameters + ") -> Tensor:\n"
                + body.lines().map(line -> "    " + line + "\n").collect(Collectors.joining());
        try {
            return JniUtils.loadModule((PtNDManager) MANAGER, new ByteArrayInputStream(archive(className, code)), true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] archive(String className, String code) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            String root = "module/";
            put(zip, root + "data.pkl", object(className));
            put(zip, root + "code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            put(zip, root + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // an empty tuple
            put(zip, root + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Pickle (protocol 2) of {@code __torch__.<className>} with state {@code {"training": True}}. */
    private static byte[] object(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80); // PROTO 2
        p.write(2);
        p.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        p.write(')'); // EMPTY_TUPLE
        p.write(0x81); // NEWOBJ
        p.write('}'); // EMPTY_DICT
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X'); // BINUNICODE, 4-byte little-endian length
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(key);
        p.write(0x88); // NEWTRUE
        p.write('s'); // SETITEM
        p.write('b'); // BUILD
        p.write('.'); // STOP
        return p.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED); // libtorch's reader expects stored entries, as PyTorch writes them
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
