package dev.digits.internal.model;

import dev.digits.internal.model.cpu.Dropout;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The network that reads a whole number at once: a strip of ink {@value #HEIGHT} pixels high and
 * any width in, a distribution over {@value #CLASSES} symbols (a blank, then the digits 0-9) for
 * each {@value #STEP} columns out, trained with CTC (Graves et al. 2006). Convolutions take the
 * height down to one row (max pools of 2x2, 2x2, then 2x1 three times), a 1x5 convolution looks
 * at the neighbouring columns, a 1x1 convolution scores the symbols: a CRNN (Shi et al. 2015) with
 * convolutions in the recurrent layer's place, which suits two CPU cores better and sees about 58
 * columns, two digits' width, at each step.
 */
public final class NumberNet {

    /** The DJL model's name. */
    public static final String NAME = "number-net";
    /** The strip's height in pixels. */
    public static final int HEIGHT = 32;
    /** Strip columns per output step. */
    public static final int STEP = 4;
    /** The blank and the ten digits. */
    public static final int CLASSES = 11;
    /** The blank's index; digit d is d + 1. */
    public static final int BLANK = 0;
    /** Channels of the first convolution; the others are multiples of it. */
    static final int WIDTH = 32;

    private NumberNet() {}

    /** Input (batch, 1, {@value #HEIGHT}, width a multiple of {@value #STEP}); output (batch, {@value #CLASSES}, 1, width / {@value #STEP}). */
    public static Block build() {
        int k = WIDTH;
        return new SequentialBlock()
                .add(convBnRelu(k, 3, 3)).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(convBnRelu(2 * k, 3, 3)).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(convBnRelu(4 * k, 3, 3)).add(convBnRelu(4 * k, 3, 3)).add(halveHeight())
                .add(convBnRelu(6 * k, 3, 3)).add(halveHeight())
                .add(convBnRelu(6 * k, 3, 3)).add(halveHeight())
                // the same three layers, not nested: the saved weights' layout is the first trained network's
                .add(conv(8 * k, 1, 5)).add(BatchNorm.builder().build()).add(Activation::relu)
                .add(new Dropout(0.2f, false))
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(CLASSES).build());
    }

    /** Output steps for a strip {@code width} columns wide: the width rounded up to a multiple of {@value #STEP}, over it. */
    public static int steps(int width) {
        return (width + STEP - 1) / STEP;
    }

    /** The network's output (batch, classes, 1, steps) as scores (batch, steps, classes). */
    public static NDArray perStep(NDArray output) {
        return output.squeeze(2).transpose(0, 2, 1);
    }

    private static Block convBnRelu(int channels, int kh, int kw) {
        return new SequentialBlock().add(conv(channels, kh, kw)).add(BatchNorm.builder().build()).add(Activation::relu);
    }

    private static Block conv(int channels, int kh, int kw) {
        return Conv2d.builder().setKernelShape(new Shape(kh, kw)).optPadding(new Shape(kh / 2, kw / 2))
                .setFilters(channels).optBias(false).build();
    }

    private static Block halveHeight() {
        return Pool.maxPool2dBlock(new Shape(2, 1), new Shape(2, 1));
    }
}
