package dev.digits.internal.infer;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.digits.internal.model.InputContract;

/** Normalised floats in, logits out; each call's arrays live in the call's own NDManager. */
final class ImagesTranslator implements Translator<float[], float[]> {
    @Override
    public NDList processInput(TranslatorContext ctx, float[] input) {
        int n = input.length / InputContract.PIXELS;
        return new NDList(ctx.getNDManager().create(input, InputContract.shape(n)));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return list.singletonOrThrow().toFloatArray();
    }

    @Override
    public Batchifier getBatchifier() {
        return null;
    }
}
