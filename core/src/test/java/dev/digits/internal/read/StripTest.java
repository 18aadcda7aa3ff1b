package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The strip the whole-number reader sees: the kept ink's box, scaled to 32 rows. */
class StripTest {

    /** Dark bars on white paper, each {x, y, width, height}. */
    static BufferedImage bars(int w, int h, int[]... bars) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        for (int[] b : bars) g.fillRect(b[0], b[1], b[2], b[3]);
        g.dispose();
        return img;
    }

    @Test
    void theInkBoxIsScaledToTheStripsHeightWithAMargin() {
        Strip s = Strip.of(bars(300, 100, new int[] {50, 20, 12, 60}, new int[] {120, 20, 12, 60}));
        assertThat(s.source()).isEqualTo(new Box(50, 20, 82, 60));
        assertThat(s.scale()).isCloseTo((Strip.HEIGHT - 2.0 * Strip.MARGIN) / 60, within(1e-9));
        assertThat(s.width()).isEqualTo((int) Math.ceil(82 * s.scale()) + 2 * Strip.MARGIN);
        assertThat(s.ink()).hasSize(Strip.HEIGHT * s.width());
        // ink where the bars are, none between them or in the margin
        int row = Strip.HEIGHT / 2;
        assertThat(s.ink()[row * s.width() + Strip.MARGIN + 2]).isEqualTo(1f);
        assertThat(s.ink()[row * s.width() + s.width() / 2]).isZero();
        assertThat(s.ink()[row * s.width()]).isZero();
        // strip columns map back to the picture's
        assertThat(s.pictureX(Strip.MARGIN)).isCloseTo(50, within(1e-9));
        assertThat(s.pictureX(Strip.MARGIN + 70 * s.scale())).isCloseTo(120, within(1e-9));
    }

    @Test
    void specksAreLeftOutAndAWideNumberIsSqueezedIntoTheWidestStrip() {
        Strip s = Strip.of(bars(300, 100, new int[] {50, 20, 12, 60}, new int[] {250, 90, 2, 2}));
        assertThat(s.source()).isEqualTo(new Box(50, 20, 12, 60));
        Strip wide = Strip.of(bars(4000, 40, new int[] {10, 5, 3980, 30}));
        assertThat(wide.width()).isLessThanOrEqualTo(Strip.MAX_WIDTH);
    }

    @Test
    void aPictureWithoutInkIsABlankStrip() {
        Strip s = Strip.of(bars(60, 40));
        assertThat(s.source()).isNull();
        assertThat(s.ink()).containsOnly(0f);
    }
}
