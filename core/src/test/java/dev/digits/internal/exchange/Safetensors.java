package dev.digits.internal.exchange;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A safetensors file taken apart, to be changed and put together again: crafted files from a good one. */
public final class Safetensors {

    public final JsonObject header;
    byte[] data;

    private Safetensors(JsonObject header, byte[] data) {
        this.header = header;
        this.data = data;
    }

    public static Safetensors read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int n = (int) ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonObject header = JsonParser.parseString(new String(all, 8, n, StandardCharsets.UTF_8)).getAsJsonObject();
        return new Safetensors(header, Arrays.copyOfRange(all, 8 + n, all.length));
    }

    /** The file with this header and data. */
    byte[] bytes() {
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    /** The tensor's entry in the header. */
    JsonObject entry(String name) {
        return header.getAsJsonObject(name);
    }

    /** Where the tensor's bytes begin in the data section. */
    int begin(String name) {
        return entry(name).getAsJsonArray("data_offsets").get(0).getAsInt();
    }
}
