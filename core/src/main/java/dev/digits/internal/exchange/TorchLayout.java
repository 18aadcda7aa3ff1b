package dev.digits.internal.exchange;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.Family;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.ResidualBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that names this project's weights as PyTorch does: the {@code state_dict} of the
 * report's {@code MNISTResNet} (python/report_model.py), or of {@code FastResNet}
 * (python/fast_model.py), which uses the same module names:
 *
 * <pre>
 * conv1.weight, bn1.*                    the stem (bn: weight, bias, running_mean, running_var, num_batches_tracked)
 * conv2.weight, bn2.*                    report only: built by the report's constructor, never called by its forward
 * layerS.B.conv1.weight, layerS.B.bn1.*  stage S (1..3), block B (0..): the residual path
 * layerS.B.conv2.weight, layerS.B.bn2.*
 * layerS.B.shortcut.0.weight             the projection shortcut, where the block has one
 * layerS.B.shortcut.1.*
 * fc.weight, fc.bias
 * </pre>
 *
 * <p>The names are given by walking the DJL network ({@link dev.digits.internal.model.MnistResNet}) rather
 * than by repeating its construction rules (which blocks project, for one), so the two cannot
 * drift apart. Convolution weights are OIHW in both engines and the linear weight is
 * {@code [out, in]} in both (checked against PyTorch in docs/results.md); batch norm's gamma and
 * beta are PyTorch's weight and bias.
 */
public final class TorchLayout {

    /**
     * One tensor of the {@code state_dict}.
     *
     * @param parameter the DJL parameter it holds, or null for one the DJL network has not: a batch
     *                  norm's {@code num_batches_tracked} (DJL does not count batches), the report's unused
     *                  conv2/bn2; those are written as {@code fresh}, PyTorch's value for a new module
     */
    public record TorchTensor(String name, Shape shape, DataType type, Parameter parameter, float fresh) {
        public boolean inNetwork() {
            return parameter != null;
        }
    }

    private TorchLayout() {}

    /**
     * The family of {@code a}, which must be the whole network of that family that ./mnist train
     * builds: ablation variants have no PyTorch class here.
     */
    public static Family familyOf(Architecture a) {
        for (Family f : Family.values()) {
            if (f.toString().equals(a.name()) && a.width() % 16 == 0 && f.at(a.width()).equals(a)) return f;
        }
        throw new ModelException("only the report and fast networks of ./mnist train have PyTorch names; this is " + a);
    }

    /** The PyTorch class whose {@code state_dict} holds {@code a}'s weights, and where it is defined. */
    public static String pythonClass(Architecture a) {
        return (familyOf(a) == Family.REPORT ? "MNISTResNet(width=" + a.width() + ") in python/report_model.py"
                : "FastResNet(width=" + a.width() + ") in python/fast_model.py");
    }

    /** The {@code state_dict} of {@code a}'s PyTorch class, in its order, for {@code net}, built and initialised from {@code a}. */
    public static List<TorchTensor> of(Architecture a, Block net) {
        Family family = familyOf(a);
        List<TorchTensor> out = new ArrayList<>();
        int residual = 0;
        int convs = 0;
        int norms = 0;
        for (Pair<String, Block> child : net.getChildren()) {
            Block b = child.getValue();
            if (b instanceof ResidualBlock) {
                String prefix = "layer" + (residual / a.blocks() + 1) + "." + (residual % a.blocks()) + ".";
                residual++;
                for (Pair<String, Block> part : b.getChildren()) {
                    boolean shortcut = part.getKey().endsWith("shortcut");
                    int c = 0;
                    int n = 0;
                    for (Pair<String, Block> layer : part.getValue().getChildren()) {
                        Block l = layer.getValue();
                        if (l instanceof Conv2d) add(out, prefix + (shortcut ? "shortcut.0" : "conv" + ++c), l);
                        if (l instanceof BatchNorm) add(out, prefix + (shortcut ? "shortcut.1" : "bn" + ++n), l);
                    }
                }
            } else if (b instanceof Conv2d) {
                add(out, "conv" + ++convs, b);
            } else if (b instanceof BatchNorm) {
                add(out, "bn" + ++norms, b);
                if (family == Family.REPORT) unusedConv2(out, a);
            } else if (b instanceof Linear) {
                add(out, "fc", b);
            }
        }
        if (convs != 1 || norms != 1 || residual != a.widths().length * a.blocks()) {
            throw new IllegalStateException("the network of " + a + " is not laid out as TorchLayout expects");
        }
        return out;
    }

    /** The report's conv2 (stem to first stage, 3x3) and bn2, as PyTorch makes them: unused, fresh. */
    private static void unusedConv2(List<TorchTensor> out, Architecture a) {
        out.add(new TorchTensor("conv2.weight", new Shape(a.width(), a.stem(), 3, 3), DataType.FLOAT32, null, 0));
        out.add(new TorchTensor("bn2.weight", new Shape(a.width()), DataType.FLOAT32, null, 1));
        out.add(new TorchTensor("bn2.bias", new Shape(a.width()), DataType.FLOAT32, null, 0));
        out.add(new TorchTensor("bn2.running_mean", new Shape(a.width()), DataType.FLOAT32, null, 0));
        out.add(new TorchTensor("bn2.running_var", new Shape(a.width()), DataType.FLOAT32, null, 1));
        out.add(batches("bn2"));
    }

    private static TorchTensor batches(String module) {
        return new TorchTensor(module + ".num_batches_tracked", new Shape(), DataType.INT64, null, 0);
    }

    /** A layer's parameters under {@code module}, with a batch norm's batch count after them, as PyTorch orders them. */
    private static void add(List<TorchTensor> out, String module, Block layer) {
        for (Pair<String, Parameter> p : layer.getDirectParameters()) {
            Parameter parameter = p.getValue();
            out.add(new TorchTensor(module + "." + leaf(p.getKey()), parameter.getArray().getShape(), DataType.FLOAT32, parameter, 0));
        }
        if (layer instanceof BatchNorm) out.add(batches(module));
    }

    /** PyTorch's name for a DJL parameter of a convolution, batch norm or linear layer. */
    private static String leaf(String djl) {
        return switch (djl) {
            case "weight", "gamma" -> "weight";
            case "bias", "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> throw new IllegalStateException("no PyTorch name for the DJL parameter " + djl);
        };
    }
}
