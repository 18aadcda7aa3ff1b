package dev.digits.serve;

import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.read.DigitGate;
import dev.digits.internal.read.NumberReader;
import dev.digits.internal.read.Reading;
import dev.digits.internal.read.StripModel;
import io.javalin.http.Context;

/**
 * {@code POST /api/read}: the number in a picture, as {@code mnist read --json} reports it (the
 * same {@link Reading}, without the file name). The body is sent as to {@code /api/predict}: a
 * PNG or JPEG body or multipart/form-data with a file field {@code image}; a picture with no ink
 * answers an empty number, not an error (there is nothing to read, which is an answer). The whole
 * reading (a few batches: cuts tried, pieces judged) runs on one inference thread.
 */
final class ReadRoute {

    private final InferenceQueue inference;
    private final DigitGate gate;
    private final StripModel strips;

    /** {@code strips}: the whole-number reader, or null for none. */
    ReadRoute(InferenceQueue inference, DigitGate gate, StripModel strips) {
        this.inference = inference;
        this.gate = gate;
        this.strips = strips;
    }

    void handle(Context ctx) {
        byte[] picture = RequestBody.picture(ctx); // bounded in size and time, on the request thread
        // decoded on the inference thread, within the decoding budget and large pictures' turns, as /api/predict's
        Reading reading = inference.callOnPicture(picture, classifier -> ImageDecoder.read(picture, image -> NumberReader.of(classifier, gate, strips).read(image)));
        ctx.json(reading);
    }
}
