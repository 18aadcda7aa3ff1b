package dev.digits.model;

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
}
