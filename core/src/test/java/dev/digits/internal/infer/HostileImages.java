package dev.digits.internal.infer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** Crafted pictures, as an attacker would send them: tiny files whose headers claim huge images. */
public final class HostileImages {

    private HostileImages() {}

    /**
     * A PNG with a signature, an IHDR chunk claiming width x height at 16-bit RGBA (8 bytes a
     * pixel) and IEND: no pixel data at all.
     */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr(width, height, 16, 6));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * A real decompression bomb: a whole, valid 8-bit grey PNG of {@code side x side} black pixels,
     * which deflate squeezes about a thousandfold (4096 x 4096: 16 MiB of pixels in some 16 KiB).
     */
    public static byte[] pngBomb(int side) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            byte[] row = new byte[side + 1]; // filter byte 0, then black
            for (int y = 0; y < side; y++) z.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr(side, side, 8, 0));
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A GIF whose screen and first frame claim width x height (at most 65535 each), with one byte of pixels. */
    public static byte[] gifHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) width).putShort((short) height).put((byte) 0x80).put((byte) 0).put((byte) 0);
        b.put(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255}); // two colours
        b.put((byte) 0x2c).putShort((short) 0).putShort((short) 0);
        b.putShort((short) width).putShort((short) height).put((byte) 0);
        b.put(new byte[] {2, 2, 0x4c, 0x01, 0, 0x3b});
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /**
     * An 8-bit run-length-encoded BMP claiming width x height whose data is only "end of bitmap":
     * the one kind of BMP bomb (the JDK's reader refuses plain BMPs shorter than their pixels).
     */
    public static byte[] bmpHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(64).putInt(0).putInt(62);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 8)
                .putInt(1).putInt(2).putInt(2835).putInt(2835).putInt(2).putInt(0); // BI_RLE8, 2 colours
        b.putInt(0).putInt(0xffffff).put((byte) 0).put((byte) 1); // palette; end of bitmap
        return b.array();
    }

    /** A real small JPEG whose frame header (SOF0) is changed to claim width x height (at most 65535 each). */
    public static byte[] jpegClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jpeg = out.toByteArray();
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                ByteBuffer.wrap(jpeg, i + 5, 4).putShort((short) height).putShort((short) width);
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0 marker in ImageIO's JPEG");
    }

    private static byte[] ihdr(int width, int height, int depth, int colourType) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) depth).put((byte) colourType)
                .put((byte) 0).put((byte) 0).put((byte) 0).array();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
