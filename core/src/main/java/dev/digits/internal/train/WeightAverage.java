package dev.digits.internal.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.MnistResNet;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.run.Checkpoint;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a training network's weights (Polyak averaging, as timm's
 * {@code ModelEmaV2} keeps it, batch norm's running statistics included): after every optimiser
 * step each array moves {@code 1 - d} of the way to the trained one, with {@code d = min(decay,
 * (1 + n) / (10 + n))} after {@code n} steps, TensorFlow's {@code ExponentialMovingAverage} with
 * {@code num_updates}, so that the random start fades at once (the first step moves it 90% of the
 * way). It is a second float32 network of the same architecture, ready to be evaluated and saved
 * like any other. DJL has no weight averaging of its own (its {@code Optimizer} updates in place
 * and keeps no shadow copy), hence this class.
 */
final class WeightAverage implements AutoCloseable {

    private final double decay;
    private final Model model;
    private final List<NDArray> averaged = new ArrayList<>();
    /** The trained network's parameters, in the same order (listed once: the optimiser updates their arrays in place). */
    private final List<Parameter> trained;
    private long updates;

    /**
     * The average of {@code trained}, a network of {@code architecture}, starting from
     * {@code weights} (DJL's parameter bytes) after {@code updates} steps.
     */
    WeightAverage(Architecture architecture, Block trained, double decay, byte[] weights, long updates) {
        this.decay = decay;
        this.updates = updates;
        this.trained = trained.getParameters().values();
        model = Model.newInstance("mnist-resnet-average");
        try {
            Block block = MnistResNet.build(architecture);
            block.initialize(model.getNDManager(), DataType.FLOAT32, InputContract.shape(1));
            block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(weights)));
            model.setBlock(block);
            for (Pair<String, Parameter> p : block.getParameters()) averaged.add(p.getValue().getArray());
            if (averaged.size() != this.trained.size()) throw new IllegalStateException("the averaged network differs from the trained one");
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelException("the averaged weights do not fit this network (" + e.getMessage() + ")");
        }
    }

    /** The decay of the next update: {@code decay}, less while few steps have been averaged. */
    static double decayAt(double decay, long updates) {
        return Math.min(decay, (1.0 + updates) / (10.0 + updates));
    }

    /** Moves the average toward the trained network's parameters, after an optimiser step. */
    void update() {
        float d = (float) decayAt(decay, updates++);
        for (int i = 0; i < averaged.size(); i++) {
            NDArray a = averaged.get(i);
            try (NDArray step = trained.get(i).getArray().sub(a)) {
                a.addi(step.muli(1 - d)); // a += (1 - d)(w - a), in place
            }
        }
    }

    /** The averaged network, to evaluate. */
    Model model() {
        return model;
    }

    /** Its weights in DJL's parameter format (what model.params holds). */
    byte[] weights() {
        return Checkpoint.weightBytes(model.getBlock());
    }

    @Override
    public void close() {
        model.close();
    }
}
