package dev.digits.internal.read;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.model.InputContract;
import java.util.List;

/**
 * What reading needs of the model: answers and features for a batch of prepared 28x28 inputs
 * ({@link DigitClassifier#analyse}), from a {@link DigitClassifier} directly or on the server's
 * inference threads.
 */
public interface Engine {

    DigitClassifier.Analysis analyse(List<byte[]> inputs);

    static Engine of(DigitClassifier classifier) {
        return inputs -> classifier.analyse(pack(inputs), inputs.size());
    }

    /** The inputs one after another, as {@link DigitClassifier#analyse} takes them. */
    static byte[] pack(List<byte[]> inputs) {
        byte[] packed = new byte[inputs.size() * InputContract.PIXELS];
        for (int i = 0; i < inputs.size(); i++) {
            System.arraycopy(inputs.get(i), 0, packed, i * InputContract.PIXELS, InputContract.PIXELS);
        }
        return packed;
    }
}
