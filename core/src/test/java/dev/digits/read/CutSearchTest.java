package dev.digits.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Where CutSearch looks for cuts and what its rule charges, without a model (NumberReaderTest reads with one). */
class CutSearchTest {

    @Test
    void aCutCandidateFallsWhereTwoTouchingDigitsMeet() {
        // two rings joined by a short thin bridge at x = 100..108
        BufferedImage img = SegmenterTest.paper(220, 140);
        Graphics2D g = SegmenterTest.pen(img, 8);
        g.drawOval(30, 20, 70, 100);
        g.drawOval(108, 20, 70, 100);
        g.dispose();
        Graphics2D bridge = SegmenterTest.pen(img, 3);
        bridge.drawLine(100, 70, 108, 70);
        bridge.dispose();
        Components c = Components.of(InkMap.of(img));
        assertThat(c.blobs()).hasSize(1);
        Piece group = Segmenter.group(c).pieces().get(0);
        int[] cuts = CutSearch.candidates(group, c);
        assertThat(cuts[0]).isEqualTo(group.box().x());
        assertThat(cuts[cuts.length - 1]).isEqualTo(group.box().right());
        assertThat(cuts).isSorted();
        // the thin bridge: a candidate between the rings, where the column holds least ink
        assertThat(Arrays.stream(cuts).filter(x -> x >= 100 && x <= 110)).isNotEmpty();
    }

    @Test
    void theRuleChargesOddnessAndAWidthUnlikeTheDigitsOwn() {
        CutSearch.Rule rule = new CutSearch.Rule(1.0, 1.5, 0.5);
        CutSearch.Judged typical = new CutSearch.Judged(1.0, 3);
        // a digit as wide as the picture's digits costs its oddness less what a digit takes off
        assertThat(rule.cost(typical, 60, 100, 60)).isEqualTo(0.0);
        // twice or half as wide costs the same, more
        double wide = rule.cost(typical, 120, 100, 60);
        assertThat(wide).isGreaterThan(0.5).isCloseTo(rule.cost(typical, 30, 100, 60), org.assertj.core.data.Offset.offset(1e-9));
        // a 1 is expected narrow: a 1 as wide as another digit costs more than a narrow 1
        CutSearch.Judged one = new CutSearch.Judged(1.0, 1);
        assertThat(rule.cost(one, 60, 100, 60)).isGreaterThan(rule.cost(one, 25, 100, 60));
        assertThat(rule.cost(new CutSearch.Judged(3.0, 3), 60, 100, 60)).isEqualTo(2.0);
    }
}
