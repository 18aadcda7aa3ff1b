package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connected components grouped into digits, without a model: merging, dropping, order. */
class SegmenterTest {

    static BufferedImage paper(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static Graphics2D pen(BufferedImage img, float width) {
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return g;
    }

    static List<Piece> pieces(BufferedImage img) {
        return Segmenter.group(Components.of(InkMap.of(img))).pieces();
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void aPictureOfThousandsOfMarksIsGroupedByItsLargestInTime() {
        // 8,100 separate 4x4 marks, a few larger: merging them all is quadratic (noise of this
        // kind, 168,446 components, once never finished); the largest are kept, the rest dropped
        BufferedImage img = paper(900, 900);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        for (int y = 0; y < 90; y++) {
            for (int x = 0; x < 90; x++) g.fillRect(10 * x + 3, 10 * y + 3, (x + y) % 97 == 0 ? 6 : 4, 4);
        }
        g.dispose();
        Components c = Components.of(InkMap.of(img));
        assertThat(c.blobs()).hasSize(8100);
        List<Piece> kept = pieces(img);
        assertThat(kept).hasSizeLessThanOrEqualTo(Segmenter.MAX_GROUPS).isNotEmpty();
        assertThat(kept).anySatisfy(p -> assertThat(p.area()).isEqualTo(24)); // the larger marks are among them
    }

    @Test
    void aFiveWhoseCapDoesNotTouchItsBodyIsOneDigit() {
        BufferedImage img = paper(200, 160);
        Graphics2D g = pen(img, 8);
        g.drawLine(80, 30, 125, 30);            // the cap, lifted from the paper
        g.drawLine(75, 42, 72, 80);             // the stem
        g.drawArc(62, 70, 60, 60, 120, -250);   // the belly
        g.dispose();
        assertThat(Components.of(InkMap.of(img)).blobs()).hasSize(2);
        assertThat(pieces(img)).hasSize(1);
    }

    @Test
    void dotsUnderlinesAndSpecksAreIgnoredAndDigitsOnASlantStayInOrder() {
        BufferedImage img = paper(420, 220);
        Graphics2D g = pen(img, 8);
        // three "1"-like and "0"-like strokes rising from left to right, a decimal dot, an underline
        g.drawLine(60, 150, 70, 70);
        g.drawOval(120, 50, 50, 80);
        g.fillOval(190, 128, 9, 9);             // a dot
        g.drawLine(240, 110, 250, 30);
        g.drawLine(30, 190, 300, 195);          // an underline
        g.fillRect(350, 20, 3, 3);              // a speck
        g.dispose();
        List<Piece> found = pieces(img);
        assertThat(found).hasSize(3);
        assertThat(found).isSortedAccordingTo((a, b) -> Double.compare(a.box().centreX(), b.box().centreX()));
        assertThat(found.get(1).box().width()).isGreaterThan(40); // the 0
    }

    @Test
    void lightInkOnDarkPaperAndUnevenLightingFindTheSameInk() {
        BufferedImage dark = new BufferedImage(200, 120, BufferedImage.TYPE_INT_RGB);
        BufferedImage uneven = new BufferedImage(200, 120, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 200; x++) {
                dark.setRGB(x, y, 0x202020);
                int v = 250 - 110 * x / 200; // a shadow across the page
                uneven.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        Graphics2D a = dark.createGraphics();
        a.setColor(Color.WHITE);
        a.setStroke(new BasicStroke(7));
        Graphics2D b = uneven.createGraphics();
        b.setColor(new Color(40, 40, 40));
        b.setStroke(new BasicStroke(7));
        for (Graphics2D g : List.of(a, b)) {
            g.drawLine(40, 20, 40, 100);
            g.drawLine(150, 20, 150, 100);
            g.dispose();
        }
        assertThat(pieces(dark)).hasSize(2);
        assertThat(pieces(uneven)).hasSize(2);
    }

    @Test
    void theEdgeOfAShadowIsNotInk() {
        // light paper on the left, a soft shadow from x = 180 on (as the uneven-light hard cases
        // have): the paper level falls by 45% over about 30 px
        BufferedImage img = new BufferedImage(320, 160, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 320; x++) {
                int v = (int) Math.round(240 * (1 - 0.45 / (1 + Math.exp(-(x - 180) / 9.6))));
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20, 20, 20));
        g.setStroke(new BasicStroke(7));
        g.drawLine(50, 30, 50, 130);
        g.drawLine(250, 30, 250, 130);
        g.dispose();
        InkMap ink = InkMap.of(img);
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 320; x++) {
                boolean stroke = Math.abs(x - 50) <= 5 || Math.abs(x - 250) <= 5;
                if (!stroke) assertThat(ink.mask()[y * 320 + x]).as("ink at %d,%d", x, y).isFalse();
            }
        }
        assertThat(pieces(img)).hasSize(2);
    }

    @Test
    void aBlankPictureHasNoDigits() {
        assertThat(pieces(paper(100, 80))).isEmpty();
    }
}
