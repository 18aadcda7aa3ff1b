package dev.digits.internal.infer;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG, JPEG, BMP and GIF pictures from a file or from bytes, guarded, so that a tiny file
 * claiming a huge image (a decompression bomb) cannot exhaust memory:
 *
 * <ul>
 *   <li>the format is read from the bytes, not from a name or a declared type, and only ImageIO's
 *       readers for those four formats are used;
 *   <li>the size in the header is checked before decoding: at most {@value #MAX_SIDE} x
 *       {@value #MAX_SIDE} pixels in all;
 *   <li>a picture over {@link #MAX_DECODED} pixels is read subsampled (every 2nd or 3rd pixel
 *       of every 2nd or 3rd row, ImageIO's {@code setSourceSubsampling}): a digit needs far fewer;
 *   <li>all decodes in the process together hold at most {@value #BUDGET_MIB} MiB of decoded
 *       pixels; a decode waits for its share ({@link #BUDGET}).
 * </ul>
 */
public final class ImageDecoder {

    /** The side of the largest image accepted, in pixels: {@link #MAX_PIXELS} is its square. */
    public static final int MAX_SIDE = 4096;

    /** The largest image accepted, in pixels (4096 x 4096, 16.8 megapixels). */
    public static final long MAX_PIXELS = (long) MAX_SIDE * MAX_SIDE;

    /** Images over this many pixels (2048 x 2048) are decoded subsampled to at most this many. */
    public static final long MAX_DECODED = 2048L * 2048;
    /** The most bytes read from a pipe or device given as a picture (a file's size is its own: its header is checked). */
    static final int MAX_FILE_BYTES = 128 << 20;
    /** The property naming a subsampled picture's own size ({@link #sourceSize}). */
    private static final String SOURCE_SIZE = "dev.digits.source-size";

    /** The decoded pixels that all decodes may hold at once, in MiB. */
    public static final int BUDGET_MIB = 256;

    /** Bytes a decoded pixel may take: 16-bit RGBA, the widest that these readers make. */
    private static final int BYTES_PER_PIXEL = 8;

    /**
     * The decode budget in KiB: process-wide, because memory is. Hand-written (a semaphore) as
     * ImageIO has no limit of its own; each decode takes the worst case of its decoded size.
     */
    private static final Semaphore BUDGET = new Semaphore(BUDGET_MIB * 1024, true);

    static final String NOT_AN_IMAGE = "not a readable image (PNG, JPEG, BMP or GIF)";
    static final String CUT_SHORT = "not a whole image: the JPEG data ends before the picture does (cut short in a copy or download?)";
    /** The JPEG reader's warning for data that stops mid-picture ("Corrupt JPEG data: premature end of data segment"). */
    private static final String PREMATURE_END = "premature end of data";
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "jpg", "bmp", "gif");

    private ImageDecoder() {}

    /**
     * Reads an image file, checking its size in the header before decoding it.
     *
     * @param file a PNG, JPEG, BMP or GIF file
     * @return the decoded image (the first frame of an animated GIF)
     * @throws ImageException "FILE: no such file", "not a readable image (PNG, JPEG, BMP or GIF)",
     *     or "image is W x H, over the 4096 x 4096 pixel limit"
     */
    public static BufferedImage read(Path file) {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new ImageException(file + ": a folder, not an image file");
        }
        if (!Files.exists(file)) {
            throw new ImageException(file + ": no such file");
        }
        if (!Files.isRegularFile(file) || file.getFileSystem() != FileSystems.getDefault()) {
            // a pipe or a device (/dev/stdin, <(curl ...)), or a file in a zip or an in-memory file
            // system, which has no java.io.File for ImageIO: read from its bytes, as many as a picture may have
            try (java.io.InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                if (bytes.length > MAX_FILE_BYTES) {
                    throw new ImageException(ImageException.Reason.TOO_LARGE, file + ": over " + (MAX_FILE_BYTES >> 20)
                            + " MiB, more than a picture of 4096 x 4096 pixels needs");
                }
                return read(bytes);
            } catch (IOException e) {
                throw new ImageException(file + ": cannot be read (" + e.getMessage() + ")", e);
            }
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new ImageException(file + ": cannot be opened");
            }
            return decode(in, Function.identity());
        } catch (IOException e) {
            throw new ImageException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Decodes an image held in memory (for example an HTTP upload), with the same checks as
     * {@link #read(Path)}. Nothing is written to disk.
     *
     * @param bytes the contents of a PNG, JPEG, BMP or GIF file
     * @return the decoded image (the first frame of an animated GIF)
     * @throws ImageException "not a readable image (PNG, JPEG, BMP or GIF)" or "image is W x H,
     *     over the 4096 x 4096 pixel limit"
     */
    public static BufferedImage read(byte[] bytes) {
        return read(bytes, Function.identity());
    }

    /**
     * As {@link #read(byte[])}, then {@code use} of the image, within the decode budget: the
     * decoded pixels count against it until {@code use} returns.
     */
    public static <T> T read(byte[] bytes, Function<BufferedImage, T> use) {
        Objects.requireNonNull(bytes, "bytes");
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in, use);
        } catch (IOException e) {
            throw new ImageException(NOT_AN_IMAGE, e);
        }
    }

    /**
     * The pixels that a picture's header declares, read without decoding it (a server uses this to
     * ration large pictures before they reach a decoding thread).
     *
     * @throws ImageException "not a readable image (PNG, JPEG, BMP or GIF)" or "image is W x H,
     *     over the 4096 x 4096 pixel limit"
     */
    public static long declaredPixels(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in);
            Dimension size = checkedSize(reader, in);
            reader.dispose();
            return (long) size.width * size.height;
        } catch (IOException e) {
            throw new ImageException(NOT_AN_IMAGE, e);
        }
    }

    /** Refuses images over {@link #MAX_PIXELS} (and empty ones). */
    public static void checkSize(long width, long height) {
        if (width <= 0 || height <= 0) {
            throw new ImageException(NOT_AN_IMAGE);
        }
        if (width * height > MAX_PIXELS) {
            throw new ImageException(ImageException.Reason.TOO_LARGE, "image is " + width + " x "
                    + height + ", over the " + MAX_SIDE + " x " + MAX_SIDE + " pixel limit");
        }
    }

    /** The subsampling step (1: none) that brings {@code width x height} to {@link #MAX_DECODED} pixels or fewer. */
    static int step(long width, long height) {
        int step = 1;
        while ((ceilDiv(width, step) * ceilDiv(height, step)) > MAX_DECODED) {
            step++;
        }
        return step;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** The first of ImageIO's readers for the four formats that recognises {@code in}. */
    private static ImageReader reader(ImageInputStream in) {
        ImageReader reader = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReaders(in); it.hasNext(); ) {
            ImageReader r = it.next();
            if (reader == null && supported(r)) {
                reader = r;
            } else {
                r.dispose();
            }
        }
        if (reader == null) {
            throw new ImageException(NOT_AN_IMAGE);
        }
        return reader;
    }

    /**
     * Points {@code reader} at {@code in} and reads the size in the header, refused past the limit
     * ({@link #checkSize}); on any failure the reader is disposed of.
     */
    private static Dimension checkedSize(ImageReader reader, ImageInputStream in) {
        try {
            reader.setInput(in, true, true);
            Dimension size = new Dimension(reader.getWidth(0), reader.getHeight(0));
            checkSize(size.width, size.height);
            return size;
        } catch (IOException | RuntimeException e) {
            reader.dispose();
            if (e instanceof ImageException i) throw i;
            // corrupt headers make some readers throw unchecked exceptions
            throw new ImageException(NOT_AN_IMAGE, e);
        }
    }

    private static <T> T decode(ImageInputStream in, Function<BufferedImage, T> use) {
        ImageReader reader = reader(in);
        Dimension size = checkedSize(reader, in);
        int step = step(size.width, size.height);
        int orientation = Orientation.of(reader); // a photo turned as its camera says: its pixels twice while turning
        int kib = (int) Math.min((long) BUDGET_MIB * 1024, (orientation == Orientation.UPRIGHT ? 1 : 2)
                * ceilDiv(ceilDiv(size.width, step) * ceilDiv(size.height, step) * BYTES_PER_PIXEL, 1024));
        BufferedImage image;
        BUDGET.acquireUninterruptibly(kib);
        try {
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            try {
                image = Orientation.upright(decoded(reader, param), orientation);
            } finally {
                reader.dispose();
            }
            Dimension seen = Orientation.swapsSides(orientation) ? new Dimension(size.height, size.width) : size;
            return use.apply(step == 1 ? image : withSourceSize(image, seen));
        } finally {
            BUDGET.release(kib);
        }
    }

    /**
     * The size of the picture as its file declares it: larger than the image itself where the
     * image was decoded keeping every second or third pixel (over {@link #MAX_DECODED} pixels), so
     * that what is found in it can be placed in the picture's own pixels.
     */
    public static Dimension sourceSize(BufferedImage image) {
        return image.getProperty(SOURCE_SIZE) instanceof Dimension d ? new Dimension(d) : new Dimension(image.getWidth(), image.getHeight());
    }

    /** The same pixels (not copied), carrying the file's own size as a property (AWT's only way to tag a picture). */
    private static BufferedImage withSourceSize(BufferedImage image, Dimension size) {
        Hashtable<String, Object> properties = new Hashtable<>(Map.of(SOURCE_SIZE, new Dimension(size)));
        return new BufferedImage(image.getColorModel(), image.getRaster(), image.isAlphaPremultiplied(), properties);
    }

    private static BufferedImage decoded(ImageReader reader, ImageReadParam param) {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try {
            BufferedImage image = reader.read(0, param);
            if (image == null) {
                throw new ImageException(NOT_AN_IMAGE);
            }
            // a JPEG cut short decodes without an exception, the missing part grey (the only one of
            // the four formats that does: PNG, BMP and GIF throw); a warning is all that tells
            if (cutShort(warnings)) throw new ImageException(CUT_SHORT);
            return image;
        } catch (IOException | IllegalArgumentException | IllegalStateException
                | IndexOutOfBoundsException | NegativeArraySizeException e) {
            // corrupt files make some decoders throw unchecked exceptions
            throw new ImageException(NOT_AN_IMAGE, e);
        }
    }

    /**
     * Whether the JPEG reader's warnings say the data stopped mid-picture: "premature end of data",
     * or its missing end marker (EOI) with anything else, or more than once (a file cut just after its
     * scan header warns "Missing EOI marker" several times and "Invalid SOS parameters", and decodes
     * all grey). A whole picture that lost only its end marker warns once, and is read.
     */
    static boolean cutShort(java.util.List<String> warnings) {
        long missingEnd = warnings.stream().filter(w -> w.contains("Missing EOI")).count();
        return warnings.stream().anyMatch(w -> w.toLowerCase(Locale.ROOT).contains(PREMATURE_END))
                || missingEnd > 1 || missingEnd == 1 && warnings.size() > 1;
    }

    private static boolean supported(ImageReader reader) {
        return reader.getOriginatingProvider() != null
                && FORMATS.contains(reader.getOriginatingProvider().getFormatNames()[0]
                        .toLowerCase(Locale.ROOT));
    }
}
