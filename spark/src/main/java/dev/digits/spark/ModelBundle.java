package dev.digits.spark;

import dev.digits.api.DigitException;
import dev.digits.api.DigitModel;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model folder's files that loading needs, as bytes: what the driver broadcasts, so that the
 * model travels with the job and no executor needs the driver's path.
 *
 * @param id the SHA-256 of the files, names and contents: one loaded model per id per executor JVM
 * @param files each file's path in the folder ({@code /}-separated) and its contents
 */
public record ModelBundle(String id, Map<String, byte[]> files) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Reads the files of a model folder (a run folder, an ensemble, or models/default) that loading it needs. */
    public static ModelBundle of(Path folder) {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : DigitModel.files(folder)) {
            try {
                files.put(name, Files.readAllBytes(folder.resolve(name)));
            } catch (IOException e) {
                throw new DigitException(folder + ": cannot read the model: " + e.getMessage(), e);
            }
        }
        return new ModelBundle(sha256(files), files);
    }

    /** Writes the files into {@code dir} (which must exist) and returns it: a model folder again. */
    public Path unpack(Path dir) {
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir)) throw new IllegalArgumentException("a bundled file outside the folder: " + f.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the model into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The bundle's size in bytes. */
    public long size() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    List<String> names() {
        return List.copyOf(files.keySet());
    }

    private static String sha256(Map<String, byte[]> files) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                d.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(f.getValue());
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
