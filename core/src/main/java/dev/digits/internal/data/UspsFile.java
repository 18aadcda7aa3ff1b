package dev.digits.internal.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads one USPS file ({@code zip.train.gz}, {@code zip.test.gz}): gzip'd text, one digit per line,
 * the label (0-9, written as a float) then 256 grey values in [-1, 1], row by row, -1 paper and 1
 * ink.
 *
 * <p>Before anything is parsed, the SHA-256 of the file must equal its line in {@value Sha256Sums#FILE} in the
 * same folder. The text is then decompressed as it is read, line by line into one fixed buffer: no
 * line may be longer than {@value #MAX_LINE} bytes and no file hold more than {@value #MAX_DIGITS}
 * digits, so a corrupt or hostile file cannot make it allocate without bound. Every problem is a
 * one-line {@link DataException} naming the file (and the line).
 */
final class UspsFile {

    /** Longest line accepted, in bytes (USPS's are under 2,100). */
    static final int MAX_LINE = 8192;
    /** Most digits in one file (USPS's training file has 7,291). */
    static final int MAX_DIGITS = 100_000;

    private static final int VALUES = 1 + Usps.PIXELS;

    private UspsFile() {}

    /** Reads {@code file} after checking its SHA-256 against {@value Sha256Sums#FILE} in its folder. */
    static Usps read(Path file) {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such file");
        }
        Path sums = file.resolveSibling(Sha256Sums.FILE);
        if (!Sha256Sums.expected(sums, name).equals(Sha256Sums.of(file, name))) throw Sha256Sums.mismatch(name, sums);
        return parse(file, name);
    }

    /** The digits of a (gzip'd, or plain if not named .gz) USPS text file. */
    static Usps parse(Path file, String name) {
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        byte[] line = new byte[MAX_LINE];
        byte[] ink = new byte[Usps.PIXELS];
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = new BufferedInputStream(name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16);
            int length = 0;
            int number = 1;
            for (int b = in.read(); b != -1 || length > 0; b = in.read()) {
                if (b == '\n' || b == -1) {
                    if (labels.size() == MAX_DIGITS) {
                        throw new DataException(name + ": more than " + MAX_DIGITS + " digits, not a USPS file");
                    }
                    labels.write(parseLine(line, length, name, number, ink));
                    images.write(ink, 0, ink.length);
                    if (b == -1) break;
                    length = 0;
                    number++;
                } else if (length == MAX_LINE) {
                    throw new DataException(name + ": line " + number + ": longer than " + MAX_LINE + " bytes");
                } else {
                    line[length++] = (byte) b;
                }
            }
        } catch (IOException e) {
            throw DataException.reading(file, name, e);
        }
        if (labels.size() == 0) {
            throw new DataException(name + ": no digits in it");
        }
        return new Usps(images.toByteArray(), labels.toByteArray());
    }

    /** One line: returns the label and writes the 256 pixels into {@code ink} (0 paper, 255 ink). */
    private static int parseLine(byte[] line, int length, String name, int number, byte[] ink) {
        String where = name + ": line " + number + ": ";
        String[] tokens = new String(line, 0, length, StandardCharsets.US_ASCII).strip().split("\\s+");
        int count = tokens.length == 1 && tokens[0].isEmpty() ? 0 : tokens.length;
        if (count != VALUES) {
            throw new DataException(where + count + " values, expected " + VALUES + " (the label, then 16x16 grey values)");
        }
        double label = number(tokens[0], where);
        if (label != Math.rint(label) || label < 0 || label > 9) {
            throw new DataException(where + "label " + tokens[0] + " is not a digit 0-9");
        }
        for (int i = 0; i < Usps.PIXELS; i++) {
            double v = number(tokens[i + 1], where);
            if (!(v >= -1 && v <= 1)) {
                throw new DataException(where + "grey value " + tokens[i + 1] + " is outside [-1, 1]");
            }
            ink[i] = (byte) Math.round((v + 1) * 127.5);
        }
        return (int) label;
    }

    private static double number(String token, String where) {
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw new DataException(where + "'" + token + "' is not a number");
        }
    }
}
