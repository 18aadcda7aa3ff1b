package dev.digits.internal.infer;

import com.drew.imaging.jpeg.JpegSegmentType;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/**
 * A photo's EXIF orientation (1 to 8): how a camera that stores its pixels as the sensor saw them
 * says the picture is to be turned, which every viewer does. ImageIO decodes the pixels as stored
 * and ignores it, so a phone's picture of a 7 held upright came out lying on its side. The APP1
 * segment comes from ImageIO's own JPEG metadata; metadata-extractor reads the tag from it.
 */
final class Orientation {

    /** The orientation that leaves the picture as stored. */
    static final int UPRIGHT = 1;

    private Orientation() {}

    /** The EXIF orientation of the image {@code reader} has just read, or {@link #UPRIGHT} when it has none. */
    static int of(ImageReader reader) {
        try {
            if (!"jpeg".equalsIgnoreCase(reader.getFormatName())) return UPRIGHT;
            IIOMetadata metadata = reader.getImageMetadata(0);
            if (metadata == null) return UPRIGHT;
            Node root = metadata.getAsTree("javax_imageio_jpeg_image_1.0");
            List<byte[]> app1 = new ArrayList<>();
            collectApp1(root, app1);
            Metadata read = new Metadata();
            new ExifReader().readJpegSegments(app1, read, JpegSegmentType.APP1);
            ExifIFD0Directory ifd0 = read.getFirstDirectoryOfType(ExifIFD0Directory.class);
            Integer o = ifd0 == null ? null : ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
            return o != null && o >= 1 && o <= 8 ? o : UPRIGHT;
        } catch (java.io.IOException | RuntimeException e) {
            return UPRIGHT; // unreadable metadata: the pixels as stored
        }
    }

    private static void collectApp1(Node node, List<byte[]> out) {
        if ("unknown".equals(node.getNodeName()) && node.getAttributes() != null) {
            Node tag = node.getAttributes().getNamedItem("MarkerTag");
            if (tag != null && "225".equals(tag.getNodeValue())
                    && node instanceof javax.imageio.metadata.IIOMetadataNode n && n.getUserObject() instanceof byte[] b) {
                out.add(b);
            }
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) collectApp1(c, out);
    }

    /** Whether {@code orientation} turns the picture by a quarter, swapping its width and height. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5;
    }

    /**
     * {@code image} turned and flipped as {@code orientation} says (the same image for {@link #UPRIGHT}),
     * its pixels moved as stored: a grey image stays grey, with no colour conversion on the way.
     */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation == UPRIGHT) return image;
        int w = image.getWidth(), h = image.getHeight();
        boolean swap = swapsSides(orientation);
        java.awt.image.ColorModel cm = image.getColorModel();
        java.awt.image.WritableRaster from = image.getRaster();
        java.awt.image.WritableRaster to = cm.createCompatibleWritableRaster(swap ? h : w, swap ? w : h);
        Object pixel = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // where stored pixel (x, y) is seen (EXIF 2.3, Orientation: the stored 0th row and column)
                int tx, ty;
                switch (orientation) {
                    case 2 -> { tx = w - 1 - x; ty = y; }
                    case 3 -> { tx = w - 1 - x; ty = h - 1 - y; }
                    case 4 -> { tx = x; ty = h - 1 - y; }
                    case 5 -> { tx = y; ty = x; }
                    case 6 -> { tx = h - 1 - y; ty = x; }
                    case 7 -> { tx = h - 1 - y; ty = w - 1 - x; }
                    default -> { tx = y; ty = w - 1 - x; } // 8
                }
                pixel = from.getDataElements(x, y, pixel);
                to.setDataElements(tx, ty, pixel);
            }
        }
        return new BufferedImage(cm, to, image.isAlphaPremultiplied(), null);
    }
}
