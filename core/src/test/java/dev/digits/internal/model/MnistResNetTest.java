package dev.digits.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class MnistResNetTest {

    /** Counted once with ../shared/peer/seed_resnet_torch.py: sum(p.numel() for p in MNISTResNet(128).parameters()). */
    static final long REPORT_WIDTH_128_PARAMETERS = 10_983_530L;
    /** The same for MNISTResNet(16). */
    static final long REPORT_WIDTH_16_PARAMETERS = 177_994L;

    static long count(Architecture a) {
        try (Model model = Model.newInstance("count")) {
            Block block = MnistResNet.build(a);
            block.initialize(model.getNDManager(), DataType.FLOAT32, InputContract.shape(1));
            return MnistResNet.trainableParameters(block);
        }
    }

    @Test
    void theReportNetworkHasThePyTorchReferenceParameterCount() {
        assertThat(count(Architecture.report(128))).isEqualTo(REPORT_WIDTH_128_PARAMETERS);
        assertThat(count(Architecture.report(16))).isEqualTo(REPORT_WIDTH_16_PARAMETERS);
    }

    @Test
    void everyMemberMapsABatchOfDigitsToTenLogits() {
        for (Architecture a : new Architecture[] {Architecture.report(16), Architecture.fast(16)}) {
            try (Model model = Model.newInstance("shape")) {
                Block block = MnistResNet.build(a);
                block.initialize(model.getNDManager(), DataType.FLOAT32, InputContract.shape(1));
                NDArray x = model.getNDManager().randomNormal(new Shape(3, 1, 28, 28));
                NDArray y = block.forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false).singletonOrThrow();
                assertThat(y.getShape()).isEqualTo(new Shape(3, 10));
                assertThat(block.getOutputShapes(new Shape[] {new Shape(3, 1, 28, 28)})[0]).isEqualTo(new Shape(3, 10));
            }
        }
    }

    @Test
    void projectionShortcutsAppearOnlyWhereTheShapeChanges() {
        Block report = MnistResNet.build(Architecture.report(16));
        long shortcuts = report.getChildren().values().stream()
                .filter(b -> b instanceof ResidualBlock)
                .filter(b -> b.getChildren().keys().stream().anyMatch(k -> k.contains("shortcut")))
                .count();
        // 32->16 in the first block, then 16->32 and 32->64 at the strided blocks
        assertThat(shortcuts).isEqualTo(3);
    }

    @Test
    void ablationsTakeOutExactlyTheirPartsAndLeaveTheWholeNetworkAsItWas() {
        Architecture whole = Architecture.fast(16);
        java.util.Set<Architecture.Removed> none = java.util.Set.of();
        assertThat(whole.vary(1, Architecture.STANDARD_DROPOUT, none)).isEqualTo(whole).hasToString(whole.toString());
        assertThat(count(whole)).isEqualTo(76_674);
        // the three projection shortcuts: conv1x1 8*16 + 16*32 + 32*64, and their batch norms' 2*(16+32+64)
        assertThat(count(whole.vary(1, 0.1f, java.util.Set.of(Architecture.Removed.SHORTCUTS)))).isEqualTo(76_674 - 2_688 - 224);
        // each batch norm's scale and shift (2*C) become a convolution bias (C): stem 8, blocks 16*3, 32*3, 64*3
        assertThat(count(whole.vary(1, 0.1f, java.util.Set.of(Architecture.Removed.BATCH_NORM)))).isEqualTo(76_674 - 344);
        Architecture deepPlain = whole.vary(4, 0f, java.util.EnumSet.allOf(Architecture.Removed.class));
        assertThat(deepPlain.toString()).endsWith("blocks=4, shortcut dropout 0.0, no shortcuts, no batch norm)");
        try (Model model = Model.newInstance("plain")) {
            Block block = MnistResNet.build(deepPlain);
            block.initialize(model.getNDManager(), DataType.FLOAT32, InputContract.shape(1));
            NDArray x = model.getNDManager().randomNormal(new Shape(2, 1, 28, 28));
            NDArray y = block.forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false).singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(new Shape(2, 10));
            assertThat(block.getChildren().values().stream().filter(b -> b instanceof ResidualBlock)
                    .flatMap(b -> b.getChildren().keys().stream()).filter(k -> k.contains("shortcut"))).isEmpty();
        }
    }
}
