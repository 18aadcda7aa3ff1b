package dev.digits.internal.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A data folder's {@value #FILE}, as {@code sha256sum} writes it: the hashes its files are checked
 * against ({@code data/mnist}'s lists the decompressed MNIST files, {@code data/usps}'s the gzip'd
 * USPS files). Written by hand: the JDK's MessageDigest does the hashing, and the format is one
 * line per file.
 */
final class Sha256Sums {

    /** The file of hashes beside the data. */
    static final String FILE = "SHA256SUMS";
    private static final long MAX_BYTES = 64 * 1024;

    private Sha256Sums() {}

    /** The hash {@code sums} lists for {@code name}, or null when it lists none; a missing {@code sums} is an error. */
    static String listed(Path sums, String name) {
        try {
            if (Files.size(sums) > MAX_BYTES) {
                throw new DataException(sums + ": larger than 64 KiB, not a list of hashes");
            }
            for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+", 2);
                if (parts.length == 2 && parts[1].replaceFirst("^\\*", "").equals(name)) {
                    return parts[0].toLowerCase(Locale.ROOT);
                }
            }
            return null;
        } catch (NoSuchFileException e) {
            throw new DataException(sums + ": no such file (the hashes " + name + " is checked against)");
        } catch (IOException e) {
            throw new DataException(sums + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** The hash {@code sums} lists for {@code name}: an error when it lists none. */
    static String expected(Path sums, String name) {
        String hash = listed(sums, name);
        if (hash == null) throw new DataException(name + ": no SHA-256 listed for it in " + sums);
        return hash;
    }

    /** The error for a file whose hash is not the one {@code sums} lists. */
    static DataException mismatch(String name, Path sums) {
        return new DataException(name + ": corrupt or changed: its SHA-256 differs from the one in " + sums);
    }

    /** SHA-256 of the file's bytes, read in 64 KiB pieces. */
    static String of(Path file, String name) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = digest();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new DataException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of these bytes, one part after another. */
    static String of(byte[]... parts) {
        MessageDigest digest = digest();
        for (byte[] part : parts) digest.update(part);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
