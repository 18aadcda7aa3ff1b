package dev.digits.readeval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.read.Components;
import dev.digits.internal.read.InkMap;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hard cases are what their kind says, and the same each time (no model needed). */
class HardCasesTest {

    static final List<HardCases.Case> CASES = HardCases.make();

    @Test
    void fiftyCasesFiveOfEachKindMadeAgainTheSame() {
        assertThat(CASES).hasSize(50);
        for (HardCases.Kind k : HardCases.Kind.values()) {
            assertThat(CASES).filteredOn(c -> c.kind() == k).hasSize(5);
        }
        List<HardCases.Case> again = HardCases.make();
        for (int i = 0; i < CASES.size(); i++) {
            assertThat(again.get(i).name()).isEqualTo(CASES.get(i).name());
            assertThat(pixels(again.get(i).image())).isEqualTo(pixels(CASES.get(i).image()));
        }
        assertThat(CASES).allSatisfy(c -> assertThat(c.name()).startsWith(c.number() + "-"));
    }

    @Test
    void strokesApartReallyDoNotTouchAndTouchingDigitsDo() {
        for (HardCases.Case c : CASES) {
            int parts = (int) Components.of(InkMap.of(c.image())).blobs().stream().filter(b -> b.area() > 20).count();
            switch (c.kind()) {
                // each 5 or 4 written apart is two components
                case FIVE_CAP_APART -> assertThat(parts).as(c.name()).isEqualTo(c.number().length() + count(c.number(), '5'));
                case FOUR_IN_TWO_STROKES -> assertThat(parts).as(c.name()).isEqualTo(c.number().length() + count(c.number(), '4'));
                case TOUCHING -> assertThat(parts).as(c.name()).isLessThan(c.number().length());
                case SLANTED, CURVED, LIGHT_ON_DARK -> assertThat(parts).as(c.name()).isEqualTo(c.number().length());
                default -> { }
            }
        }
    }

    @Test
    void lightOnDarkCasesAreDarkAndTheOthersLight() {
        for (HardCases.Case c : CASES) {
            double mean = Arrays.stream(pixels(c.image())).average().orElseThrow();
            if (c.kind() == HardCases.Kind.LIGHT_ON_DARK) assertThat(mean).as(c.name()).isLessThan(100);
            else if (c.kind() != HardCases.Kind.UNEVEN_LIGHT) assertThat(mean).as(c.name()).isGreaterThan(150);
        }
    }

    private static long count(String s, char ch) {
        return s.chars().filter(x -> x == ch).count();
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRaster().getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
    }
}
