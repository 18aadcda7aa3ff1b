package dev.digits.infer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG, JPEG, BMP and GIF pictures from a file or from bytes, guarded: the size in the
 * header is checked before decoding, so a tiny file claiming a huge image cannot exhaust memory,
 * and only ImageIO's readers for those four formats are used.
 */
public final class ImageDecoder {

    /** The largest image accepted, in pixels (50 megapixels). */
    public static final long MAX_PIXELS = 50_000_000L;

    static final String NOT_AN_IMAGE = "not a readable image (PNG, JPEG, BMP or GIF)";
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "jpg", "bmp", "gif");

    private ImageDecoder() {}

    /**
     * Reads an image file, checking its size in the header before decoding it.
     *
     * @param file a PNG, JPEG, BMP or GIF file
     * @return the decoded image (the first frame of an animated GIF)
     * @throws ImageException "no such file: ...", "not a readable image (PNG, JPEG, BMP or GIF)",
     *     or "image is W x H, over the 50-megapixel limit"
     */
    public static BufferedImage read(Path file) {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new ImageException("a folder, not an image file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new ImageException("no such file: " + file);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new ImageException("cannot open " + file);
            }
            return decode(in);
        } catch (IOException e) {
            throw new ImageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes an image held in memory (for example an HTTP upload), with the same checks as
     * {@link #read(Path)}. Nothing is written to disk.
     *
     * @param bytes the contents of a PNG, JPEG, BMP or GIF file
     * @return the decoded image (the first frame of an animated GIF)
     * @throws ImageException "not a readable image (PNG, JPEG, BMP or GIF)" or "image is W x H,
     *     over the 50-megapixel limit"
     */
    public static BufferedImage read(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in);
        } catch (IOException e) {
            throw new ImageException(NOT_AN_IMAGE, e);
        }
    }

    /** Refuses images over {@link #MAX_PIXELS} (and empty ones). */
    static void checkSize(long width, long height) {
        if (width <= 0 || height <= 0) {
            throw new ImageException(NOT_AN_IMAGE);
        }
        if (width * height > MAX_PIXELS) {
            throw new ImageException(ImageException.Reason.TOO_LARGE,
                    "image is " + width + " x " + height + ", over the 50-megapixel limit");
        }
    }

    private static BufferedImage decode(ImageInputStream in) {
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
        try {
            reader.setInput(in, true, true);
            checkSize(reader.getWidth(0), reader.getHeight(0));
            BufferedImage image = reader.read(0);
            if (image == null) {
                throw new ImageException(NOT_AN_IMAGE);
            }
            return image;
        } catch (IOException | IllegalArgumentException | IllegalStateException
                | IndexOutOfBoundsException | NegativeArraySizeException e) {
            // corrupt files make some decoders throw unchecked exceptions
            throw new ImageException(NOT_AN_IMAGE, e);
        } finally {
            reader.dispose();
        }
    }

    private static boolean supported(ImageReader reader) {
        return reader.getOriginatingProvider() != null
                && FORMATS.contains(reader.getOriginatingProvider().getFormatNames()[0]
                        .toLowerCase(Locale.ROOT));
    }
}
