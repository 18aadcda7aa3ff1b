package dev.digits.internal.infer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.ResidualBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A network's inner features, for the "not a digit" gate (dev.digits.internal.read.DigitGate):
 * the layers run one by one, and each feature map after a non-linearity (the stem's and each
 * residual block's) averaged over its pixels, one value per channel. DJL's Predictor gives only
 * the last layer's output, hence this forward pass by hand.
 */
final class FeatureMaps {

    /**
     * One forward pass.
     *
     * @param features {@code [image][layer][channel]}
     * @param logits the last layer's output, {@link InputContract#CLASSES} per image
     */
    record Pass(float[][][] features, float[] logits) {}

    private final Model model;
    private final List<Block> layers;

    private FeatureMaps(Model model, List<Block> layers) {
        this.model = model;
        this.layers = layers;
    }

    static FeatureMaps of(Model model) {
        if (!(model.getBlock() instanceof SequentialBlock net)) {
            throw new ModelException("features need a sequential network, not " + model.getBlock().getClass().getSimpleName());
        }
        return new FeatureMaps(model, net.getChildren().values());
    }

    /** The features and logits of {@code m} normalised images. */
    Pass forward(float[] x, int m) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            NDList h = new NDList(manager.create(x, InputContract.shape(m)));
            List<float[]> maps = new ArrayList<>();
            for (Block layer : layers) {
                h = layer.forward(store, h, false);
                NDArray a = h.singletonOrThrow();
                boolean afterNonLinearity = layer instanceof LambdaBlock || layer instanceof ResidualBlock;
                if (afterNonLinearity && a.getShape().dimension() == 4) maps.add(a.mean(new int[] {3}).mean(new int[] {2}).toFloatArray());
            }
            float[][][] features = new float[m][maps.size()][];
            for (int k = 0; k < m; k++) {
                for (int l = 0; l < maps.size(); l++) {
                    int d = maps.get(l).length / m;
                    features[k][l] = Arrays.copyOfRange(maps.get(l), k * d, (k + 1) * d);
                }
            }
            return new Pass(features, h.singletonOrThrow().toFloatArray());
        }
    }
}
