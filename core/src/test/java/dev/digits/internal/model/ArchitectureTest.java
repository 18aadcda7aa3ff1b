package dev.digits.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void multiplyAddsCountEachConvolutionAtItsResolution() {
        // fast(16): stem 1->8 at 28x28; stages 16, 32, 64 at 14x14, 7x7, 7x7, one block each, each
        // block two 3x3 convolutions and a 1x1 projection (the channels change in every stage)
        long stem = 28 * 28 * 9 * 8;
        long stage1 = 14 * 14 * 9 * (8 * 16 + 16 * 16) + 14 * 14 * 8 * 16;
        long stage2 = 7 * 7 * 9 * (16 * 32 + 32 * 32) + 7 * 7 * 16 * 32;
        long stage3 = 7 * 7 * 9 * (32 * 64 + 64 * 64) + 7 * 7 * 32 * 64;
        assertThat(Architecture.fast(16).multiplyAdds()).isEqualTo(stem + stage1 + stage2 + stage3 + 64 * 10);
        assertThat(Architecture.fast(16).multiplyAdds()).isEqualTo(4_271_872L);
    }

    @Test
    void moreBlocksAndFullResolutionCostMoreAndPlainNetworksLackOnlyTheProjections() {
        Architecture one = Architecture.fast(16);
        Architecture eight = one.vary(8, Architecture.STANDARD_DROPOUT, null);
        // seven more blocks per stage, each two 3x3 convolutions of w -> w at the stage's resolution
        long extra = 7 * (14 * 14 * 9 * 2 * 16 * 16 + 7 * 7 * 9 * 2 * 32 * 32 + 7 * 7 * 9 * 2 * 64 * 64);
        assertThat(eight.multiplyAdds()).isEqualTo(one.multiplyAdds() + extra);
        Architecture plain = eight.vary(8, Architecture.STANDARD_DROPOUT, Set.of(Architecture.Removed.SHORTCUTS));
        assertThat(eight.multiplyAdds() - plain.multiplyAdds()).isEqualTo(14 * 14 * 8 * 16 + 7 * 7 * 16 * 32 + 7 * 7 * 32 * 64);
        // the report's stem and first stage run at 28x28, with two blocks a stage: about 5 times fast(16)'s work
        assertThat((double) Architecture.report(16).multiplyAdds() / one.multiplyAdds()).isBetween(5.0, 5.5);
    }
}
