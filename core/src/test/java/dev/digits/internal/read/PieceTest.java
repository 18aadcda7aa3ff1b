package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** Pieces of ink between cuts, and the slanted cut that separates slanted strokes. */
class PieceTest {

    /** Two strokes leaning right (top to the right by 0.5 px a row), joined at the bottom. */
    static Components slantedPair() {
        BufferedImage img = SegmenterTest.paper(160, 120);
        Graphics2D g = SegmenterTest.pen(img, 6);
        g.drawLine(40 + 50, 10, 40, 110);
        g.drawLine(75 + 50, 10, 75, 110);
        g.drawLine(40, 110, 75, 110);
        g.dispose();
        return Components.of(InkMap.of(img));
    }

    @Test
    void measuresTheSlantOfItsInk() {
        Components c = slantedPair();
        assertThat(c.blobs()).hasSize(1);
        BitSet one = new BitSet();
        one.set(0);
        assertThat(Piece.of(c, one).slant(c, 0.5)).isCloseTo(-0.5, within(0.08));
        assertThat(Piece.of(c, one).slant(c, 0.3)).isEqualTo(-0.3); // at most the limit
    }

    @Test
    void aCutAlongTheSlantSeparatesWhatNoVerticalCutCan() {
        Components c = slantedPair();
        BitSet one = new BitSet();
        one.set(0);
        Piece whole = Piece.of(c, one);
        // along the slant, halfway between the strokes (x - slant * y = 57.5 + 55 at every y)
        Piece.Cut slanted = new Piece.Cut(57.5 + 55, -0.5);
        Piece left = Piece.of(c, one, Piece.Cut.LEFT_EDGE, slanted);
        Piece right = Piece.of(c, one, slanted, Piece.Cut.RIGHT_EDGE);
        assertThat(left.area() + right.area()).isEqualTo(whole.area());
        assertThat(left.box().height()).isGreaterThan(100); // each a whole stroke, top to bottom
        assertThat(right.box().height()).isGreaterThan(100);
        // every vertical cut between the strokes' tops and bottoms cuts one of them short
        for (int x = 45; x <= 120; x += 5) {
            Piece.Cut vertical = new Piece.Cut(x, 0);
            Piece l = Piece.of(c, one, Piece.Cut.LEFT_EDGE, vertical);
            Piece r = Piece.of(c, one, vertical, Piece.Cut.RIGHT_EDGE);
            assertThat(Math.min(l.box().height(), r.box().height())).as("vertical cut at x=%d", x).isLessThan(95);
        }
    }
}
