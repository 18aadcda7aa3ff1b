package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The cut that bends around the ink. */
class InkPathTest {

    /**
     * A digit whose bar reaches over its neighbour (a left stem with a bar to x = 80 on top), the
     * neighbour's stem at x = 72 from under the bar, and the two joined at the bottom: one
     * component that no straight vertical cut separates.
     */
    static Components barOverNeighbour() {
        BufferedImage img = SegmenterTest.paper(160, 130);
        Graphics2D g = SegmenterTest.pen(img, 4);
        g.drawLine(20, 12, 80, 12);
        g.drawLine(20, 12, 20, 110);
        g.drawLine(72, 32, 72, 110);
        g.drawLine(20, 110, 72, 110);
        g.dispose();
        return Components.of(InkMap.of(img));
    }

    @Test
    void goesAroundTheBarAndCrossesOnlyWhereTheDigitsTouch() {
        Components c = barOverNeighbour();
        assertThat(c.blobs()).hasSize(1);
        BitSet one = new BitSet();
        one.set(0);
        Piece whole = Piece.of(c, one);
        InkMap ink = InkMap.of(paperOf(c));
        Piece.Cut straight = new Piece.Cut(66, 0);
        Piece.Cut bent = InkPath.near(whole, straight, 20, ink, c);
        for (int y = 0; y < c.height(); y++) {
            for (int x = 0; x < c.width(); x++) {
                if (!whole.contains(c, x, y)) continue;
                if (y < 20) {
                    // the bar: all of it left of the bent cut; the straight cut gives half of it away
                    assertThat(bent.leftOf(x, y)).as("bar pixel %d,%d", x, y).isTrue();
                } else if (x >= 68 && y >= 28 && y < 100) {
                    assertThat(bent.leftOf(x, y)).as("neighbour's stem %d,%d", x, y).isFalse();
                }
            }
        }
        assertThat(straight.leftOf(76, 12)).isFalse();
        Piece left = Piece.of(c, one, Piece.Cut.LEFT_EDGE, bent);
        Piece right = Piece.of(c, one, bent, Piece.Cut.RIGHT_EDGE);
        assertThat(left.area() + right.area()).isEqualTo(whole.area());
        assertThat(left.box().right()).isGreaterThan(80); // the stem and the whole bar
        assertThat(right.box().y()).isGreaterThan(25); // the neighbour alone, from its top
    }

    /** The picture again, as the ink map reads it (the test draws it once; the map is the same). */
    private static BufferedImage paperOf(Components c) {
        BufferedImage img = SegmenterTest.paper(c.width(), c.height());
        for (int y = 0; y < c.height(); y++) {
            for (int x = 0; x < c.width(); x++) if (c.labels()[y * c.width() + x] >= 0) img.setRGB(x, y, 0);
        }
        return img;
    }

    @Test
    void withPaperAlongTheStraightCutItIsTheStraightCut() {
        // two strokes 60 px apart joined at the bottom: the straight cut halfway crosses only the join
        BufferedImage img = SegmenterTest.paper(160, 130);
        Graphics2D g = SegmenterTest.pen(img, 4);
        g.drawLine(30, 12, 30, 110);
        g.drawLine(90, 12, 90, 110);
        g.drawLine(30, 110, 90, 110);
        g.dispose();
        Components c = Components.of(InkMap.of(img));
        BitSet one = new BitSet();
        one.set(0);
        Piece whole = Piece.of(c, one);
        Piece.Cut straight = new Piece.Cut(60.4, 0);
        Piece.Cut bent = InkPath.near(whole, straight, 10, InkMap.of(img), c);
        assertThat(bent.straight()).isTrue();
        Piece byPath = Piece.of(c, one, Piece.Cut.LEFT_EDGE, bent), byLine = Piece.of(c, one, Piece.Cut.LEFT_EDGE, straight);
        assertThat(byPath.box()).isEqualTo(byLine.box());
        assertThat(byPath.area()).isEqualTo(byLine.area());
        // the same path twice is the same cut (Cut compares its path by value)
        assertThat(InkPath.near(whole, straight, 10, InkMap.of(img), c)).isEqualTo(bent).hasSameHashCodeAs(bent);
    }
}
