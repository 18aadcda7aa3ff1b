package dev.digits.internal.exchange;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.digits.internal.model.ModelException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a safetensors file, checked as the format's own reader checks it: an 8-byte
 * little-endian length, that many bytes of UTF-8 JSON (an object of tensors, each with
 * {@code dtype}, {@code shape} and {@code data_offsets}, and an optional {@code __metadata__}),
 * then the tensors' bytes, which the offsets must tile exactly, each as long as its shape and
 * type make it.
 *
 * <p>Written here rather than left to DJL: DJL's reader ({@code NDList.decode}) allocates what the
 * file's length fields say before reading it and checks neither the offsets against the shapes
 * nor the data against the file's length, so a crafted file would be an out-of-memory error or
 * wrong weights instead of a one-line error. DJL still names the types ({@link DataType#fromSafetensors}),
 * makes the arrays, and writes the files ({@code NDList.encode}).
 */
public record SafetensorsHeader(Map<String, Entry> tensors, Map<String, String> metadata, long headerBytes, long dataBytes) {

    /** The {@code __metadata__} key under which an exported run's temperature travels (a string, as the format wants). */
    public static final String TEMPERATURE = "temperature";

    /** The longest header read: one for the report's width-128 network is about 11 KB. */
    public static final long MAX_HEADER_BYTES = 1 << 20;

    /** One tensor: its type, shape and where its bytes lie in the data section. */
    public record Entry(DataType type, Shape shape, long begin, long end) {}

    /** Where the data section begins in the file. */
    public long dataStart() {
        return 8 + headerBytes;
    }

    /** The header's length from the file's first 8 bytes, checked against {@code fileBytes}, the file's size. */
    public static long headerLength(byte[] first8, long fileBytes, String file) {
        if (fileBytes < 8) throw new ModelException(file + ": not a safetensors file (" + fileBytes + " bytes)");
        long n = ByteBuffer.wrap(first8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER_BYTES) {
            throw new ModelException(file + ": not a safetensors file (its header length, " + Long.toUnsignedString(n)
                    + " bytes, is not 2.." + MAX_HEADER_BYTES + ")");
        }
        if (8 + n > fileBytes) {
            throw new ModelException(file + ": truncated: its header is " + n + " bytes, the file " + fileBytes);
        }
        return n;
    }

    /** Parses and checks the header bytes; the data section is {@code fileBytes - 8 - header.length} long. */
    public static SafetensorsHeader parse(byte[] header, long fileBytes, String file) {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelException(file + ": not a safetensors file (its header is not UTF-8)");
        }
        if (!json.startsWith("{")) throw new ModelException(file + ": not a safetensors file (its header is not a JSON object)");
        JsonObject root;
        try {
            // strict, as the format's own reader (serde_json): no comments, unquoted names or trailing text
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (!e.isJsonObject() || reader.peek() != JsonToken.END_DOCUMENT) throw new JsonParseException("not one object");
            root = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException | java.io.IOException e) {
            throw new ModelException(file + ": corrupt safetensors header (not a JSON object)");
        }
        long dataBytes = fileBytes - 8 - header.length;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> t : root.entrySet()) {
            if (t.getKey().equals("__metadata__")) {
                metadata = metadata(t.getValue(), file);
                continue;
            }
            tensors.put(t.getKey(), entry(t.getKey(), t.getValue(), file));
        }
        // the offsets tile the data section: in order, without a gap or an overlap, to its end
        List<Map.Entry<String, Entry>> byOffset = new ArrayList<>(tensors.entrySet());
        byOffset.sort(Comparator.comparingLong(e -> e.getValue().begin()));
        long at = 0;
        for (Map.Entry<String, Entry> e : byOffset) {
            if (e.getValue().begin() != at) {
                throw new ModelException(file + ": corrupt safetensors header (" + e.getKey() + "'s bytes begin at "
                        + e.getValue().begin() + ", expected " + at + ")");
            }
            at = e.getValue().end();
        }
        if (at != dataBytes) {
            throw new ModelException(file + ": " + (at > dataBytes ? "truncated" : "corrupt") + ": the header describes "
                    + at + " bytes of tensors, the file holds " + dataBytes);
        }
        return new SafetensorsHeader(tensors, Map.copyOf(metadata), header.length, dataBytes);
    }

    /** The format's {@code __metadata__}: an object of strings only. */
    private static Map<String, String> metadata(JsonElement value, String file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!value.isJsonObject()) throw new ModelException(file + ": corrupt safetensors header (__metadata__ is not an object)");
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            if (!(m.getValue() instanceof JsonPrimitive p) || !p.isString()) {
                throw new ModelException(file + ": corrupt safetensors header (__metadata__ " + m.getKey() + " is not a string)");
            }
            out.put(m.getKey(), p.getAsString());
        }
        return out;
    }

    /**
     * A whole safetensors file, {@code file} (as DJL's writer makes it, without metadata), with
     * {@code metadata} in its header: the header is written again with it, padded with spaces to a
     * multiple of 8 bytes as the format's own writer pads it; the tensors' bytes and offsets are unchanged.
     */
    public static byte[] withMetadata(byte[] file, Map<String, String> metadata) {
        long n = headerLength(java.util.Arrays.copyOf(file, 8), file.length, "the written file");
        JsonObject root = JsonParser.parseString(new String(file, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonObject meta = new JsonObject();
        metadata.forEach(meta::addProperty);
        JsonObject out = new JsonObject();
        out.add("__metadata__", meta);
        root.entrySet().forEach(e -> {
            if (!e.getKey().equals("__metadata__")) out.add(e.getKey(), e.getValue());
        });
        StringBuilder json = new StringBuilder(out.toString());
        while ((json.toString().getBytes(StandardCharsets.UTF_8).length) % 8 != 0) json.append(' ');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer all = ByteBuffer.allocate(8 + header.length + (int) (file.length - 8 - n)).order(ByteOrder.LITTLE_ENDIAN);
        all.putLong(header.length).put(header).put(file, (int) (8 + n), (int) (file.length - 8 - n));
        return all.array();
    }

    /** A whole JSON number: not a string of digits, nor 10.0, which Gson's getAsLong would take. */
    private static long integer(JsonElement e, String bad) {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber() || !p.getAsString().matches("-?[0-9]+")) {
            throw new ModelException(bad + e + " is not a whole number)");
        }
        try {
            return Long.parseLong(p.getAsString());
        } catch (NumberFormatException tooLarge) {
            throw new ModelException(bad + "too large)");
        }
    }

    private static Entry entry(String name, JsonElement value, String file) {
        String bad = file + ": corrupt safetensors header (" + name + ": ";
        try {
            JsonObject o = value.getAsJsonObject();
            DataType type = DataType.fromSafetensors(o.get("dtype").getAsString());
            JsonArray dims = o.get("shape").getAsJsonArray();
            long[] shape = new long[dims.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = integer(dims.get(i), bad);
                if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) throw new ModelException(bad + "dimension " + shape[i] + ")");
                elements = Math.multiplyExact(elements, shape[i]);
            }
            JsonArray offsets = o.get("data_offsets").getAsJsonArray();
            if (offsets.size() != 2) throw new ModelException(bad + "data_offsets needs two numbers)");
            long begin = integer(offsets.get(0), bad);
            long end = integer(offsets.get(1), bad);
            long bytes = Math.multiplyExact(elements, (long) type.getNumOfBytes());
            if (begin < 0 || end - begin != bytes) {
                throw new ModelException(bad + "data_offsets " + begin + ".." + end + " do not hold " + elements + " "
                        + type.asSafetensors() + " values)");
            }
            return new Entry(type, new Shape(shape), begin, end);
        } catch (ModelException e) {
            throw e;
        } catch (ArithmeticException e) {
            throw new ModelException(bad + "too large)");
        } catch (IllegalArgumentException e) {
            // DJL's message for a type it does not know, or Gson's for a number that is not one
            throw new ModelException(bad + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new ModelException(bad + "needs dtype, shape and data_offsets)");
        }
    }
}
