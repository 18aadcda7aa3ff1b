package dev.digits.serve;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import dev.digits.internal.model.InputContract;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /api/predict/batch}: a JSON array of images, each an array of 784
 * whole numbers 0..255 (row-major 28x28, 0 background, 255 ink). Streams through the JSON, so a
 * batch over the limit is refused as soon as its extra image begins.
 */
final class BatchParser {

    private BatchParser() {}

    /**
     * @param json the request body
     * @param maxImages the most images accepted
     * @return the images, 784 bytes each, in order
     * @throws BadRequestResponse for malformed JSON or a bad image (400)
     * @throws ContentTooLargeResponse for more than {@code maxImages} (413)
     */
    static List<byte[]> parse(byte[] json, int maxImages) {
        JsonReader reader = new JsonReader(
                new InputStreamReader(new ByteArrayInputStream(json), StandardCharsets.UTF_8));
        try {
            if (reader.peek() != JsonToken.BEGIN_ARRAY) {
                throw new BadRequestResponse(
                        "expected a JSON array of images, each an array of 784 numbers 0..255");
            }
            reader.beginArray();
            List<byte[]> images = new ArrayList<>();
            while (reader.hasNext()) {
                int i = images.size();
                if (i == maxImages) {
                    throw new ContentTooLargeResponse("more than " + maxImages
                            + " images in one batch; send at most " + maxImages + " per request");
                }
                images.add(image(reader, i));
            }
            reader.endArray();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new BadRequestResponse("malformed JSON: unexpected data after the array");
            }
            return images;
        } catch (MalformedJsonException | EOFException | IllegalStateException e) {
            throw new BadRequestResponse("malformed JSON near " + reader.getPath()
                    + ": expected an array of images, each an array of 784 numbers 0..255");
        } catch (IOException e) {
            throw new BadRequestResponse("malformed JSON: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] image(JsonReader reader, int i) throws IOException {
        if (reader.peek() != JsonToken.BEGIN_ARRAY) {
            throw new BadRequestResponse("image " + i + " is not an array of " + InputContract.PIXELS
                    + " numbers 0..255");
        }
        reader.beginArray();
        byte[] pixels = new byte[InputContract.PIXELS];
        int n = 0;
        while (reader.hasNext()) {
            if (reader.peek() != JsonToken.NUMBER) {
                throw new BadRequestResponse("image " + i + ", pixel " + n
                        + ": not a number (pixels are whole numbers 0..255)");
            }
            String literal = reader.nextString();
            int v = pixel(literal, i, n);
            if (n < InputContract.PIXELS) {
                pixels[n] = (byte) v;
            }
            n++;
        }
        reader.endArray();
        if (n != InputContract.PIXELS) {
            throw new BadRequestResponse("image " + i + " has " + n + " numbers, expected "
                    + InputContract.PIXELS + " (28x28, row-major)");
        }
        return pixels;
    }

    private static int pixel(String literal, int image, int index) {
        if (!literal.isEmpty() && literal.length() <= 3 && literal.chars().allMatch(Character::isDigit)) {
            int v = Integer.parseInt(literal);
            if (v <= 255) {
                return v;
            }
        }
        BigDecimal value;
        try {
            value = new BigDecimal(literal);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("image " + image + ", pixel " + index + ": '" + literal
                    + "' is not a number");
        }
        if (value.compareTo(BigDecimal.ZERO) < 0 || value.compareTo(BigDecimal.valueOf(255)) > 0) {
            throw new BadRequestResponse("image " + image + ", pixel " + index + ": " + literal
                    + " is outside 0..255");
        }
        if (value.stripTrailingZeros().scale() > 0) {
            throw new BadRequestResponse("image " + image + ", pixel " + index + ": " + literal
                    + " is not a whole number 0..255");
        }
        return value.intValue();
    }
}
