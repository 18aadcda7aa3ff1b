package dev.digits.internal.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.ModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted safetensors files, each made from the PyTorch fixture by one change: every one is a
 * one-line {@link ModelException} that says what is wrong, before anything is allocated from the
 * file's own length fields.
 */
class TorchImportTest {

    static final Path FIXTURE = Path.of("src/test/resources/torch-report16/report16.safetensors");
    static final Architecture REPORT16 = Architecture.report(16);

    @TempDir
    Path tmp;

    String error(byte[] file, Architecture a) throws IOException {
        Path p = Files.write(tmp.resolve("crafted.safetensors"), file);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> TorchImport.read(p, a, manager)).isInstanceOf(ModelException.class);
            try {
                TorchImport.read(p, a, manager);
                throw new AssertionError("read");
            } catch (ModelException e) {
                assertThat(e.getMessage()).doesNotContain("\n").startsWith(p.toString());
                return e.getMessage();
            }
        }
    }

    String error(Consumer<Safetensors> edit) throws IOException {
        Safetensors s = Safetensors.read(FIXTURE);
        edit.accept(s);
        return error(s.bytes(), REPORT16);
    }

    static byte[] header(long length, String json) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(length).put(h).array();
    }

    @Test
    void theFixtureReadsAndEachRefusalOfItsCraftedCopiesSaysWhy() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(TorchImport.read(FIXTURE, REPORT16, manager).getParameters().size()).isEqualTo(82);
        }
        assertThat(error(new byte[5], REPORT16)).contains("not a safetensors file (5 bytes)");
        assertThat(error(header(-1, "{}"), REPORT16)).contains("header length, 18446744073709551615 bytes, is not 2..1048576");
        assertThat(error(header(1L << 40, "{}"), REPORT16)).contains("is not 2..1048576");
        assertThat(error(header(1000, "{}"), REPORT16)).contains("truncated: its header is 1000 bytes, the file 10");
        assertThat(error(header(4, "[1,2"), REPORT16)).contains("not a safetensors file (its header is not a JSON object)");
        assertThat(error(header(8, "{\"a\":1}x"), REPORT16)).contains("corrupt safetensors header (not a JSON object)");
        assertThat(error(header(2, "\u00ff\u00fe"), REPORT16)).contains("not a safetensors file");

        assertThat(error(s -> s.header.remove("fc.bias"))).contains("corrupt: the header describes 367816 bytes of tensors, the file holds 367836");
        assertThat(error(s -> {
            s.header.remove("fc.bias"); // the last in the file: its bytes go too
            s.data = Arrays.copyOf(s.data, s.data.length - 20);
        })).contains("no fc.bias, which report(16) has");
        assertThat(error(s -> s.header.add("layer4.0.conv1.weight", s.entry("fc.bias"))))
                .contains("corrupt safetensors header (");
        assertThat(error(s -> s.header.getAsJsonObject("fc.bias").addProperty("dtype", "Q8")))
                .contains("fc.bias: Unsupported safetensors dataType: Q8");
        assertThat(error(s -> s.entry("fc.bias").add("shape", array(20))))
                .contains("fc.bias: data_offsets", "do not hold 20 F16 values");
        assertThat(error(s -> s.entry("fc.bias").add("shape", array(1L << 32))))
                .contains("fc.bias: dimension 4294967296");
        assertThat(error(s -> s.entry("conv1.weight").add("shape", array(1L << 30, 1L << 30, 1L << 30, 1))))
                .contains("conv1.weight: too large");
        assertThat(error(s -> s.entry("fc.bias").add("data_offsets", array(0, 20))))
                .contains("bytes begin at");
        assertThat(error(s -> s.entry("fc.bias").remove("data_offsets"))).contains("fc.bias: needs dtype, shape and data_offsets");
    }

    @Test
    void namesShapesTypesAndValuesMustBeTheNetworks() throws IOException {
        // an extra tensor that tiles the data: the file is well-formed, but not the report's class
        assertThat(error(s -> {
            JsonObject e = new JsonObject();
            e.addProperty("dtype", "F32");
            e.add("shape", array(1));
            e.add("data_offsets", array(s.data.length, s.data.length + 4));
            s.header.add("layer4.0.conv1.weight", e);
            s.data = Arrays.copyOf(s.data, s.data.length + 4);
        })).contains("layer4.0.conv1.weight is not a tensor of report(16): is --arch or --width right?");
        assertThat(error(Files.readAllBytes(FIXTURE), Architecture.report(48)))
                .contains("conv2.weight is (16, 32, 3, 3), report(48) has (48, 32, 3, 3): is --width right?");
        // at width 32 the first block of the report's class has no projection shortcut (32 channels in and out)
        assertThat(error(Files.readAllBytes(FIXTURE), Architecture.report(32)))
                .contains("layer1.0.shortcut.0.weight (and 5 more) is not a tensor of report(32): is --arch or --width right?");
        assertThat(error(Files.readAllBytes(FIXTURE), Architecture.fast(16))).contains("is --arch or --width right?");
        assertThat(error(s -> s.entry("bn1.num_batches_tracked").addProperty("dtype", "F64")))
                .contains("bn1.num_batches_tracked is F64, expected I64");
        assertThat(error(s -> s.data = Arrays.copyOf(s.data, s.data.length - 2)))
                .contains("truncated: the header describes", "bytes of tensors, the file holds");
        assertThat(error(s -> s.data = Arrays.copyOf(s.data, s.data.length + 2)))
                .contains("corrupt: the header describes");
        assertThat(error(s -> halfAt(s, "fc.weight", (short) 0x7e00))).contains("fc.weight holds NaN");
        assertThat(error(s -> halfAt(s, "layer2.1.bn1.running_var", (short) 0xbc00)))
                .contains("layer2.1.bn1.running_var holds -1.0, not a variance");
    }

    @Test
    void aHeaderIsReadAsStrictlyAsTheFormatsOwnReaderReadsIt() throws IOException {
        assertThat(error(header(8, "{/*c*/ }"), REPORT16)).contains("corrupt safetensors header (not a JSON object)");
        assertThat(error(header(6, "{a:{}}"), REPORT16)).contains("corrupt safetensors header (not a JSON object)");
        assertThat(error(s -> {
            JsonArray quoted = new JsonArray();
            quoted.add("10");
            s.entry("fc.bias").add("shape", quoted);
        })).contains("fc.bias: \"10\" is not a whole number");
        assertThat(error(s -> {
            JsonArray fraction = new JsonArray();
            fraction.add(s.begin("fc.bias") + 0.0);
            fraction.add(s.begin("fc.bias") + 20.0);
            s.entry("fc.bias").add("data_offsets", fraction);
        })).contains("is not a whole number");
        // __metadata__ is an object of strings, as the format says
        assertThat(error(s -> {
            JsonObject meta = new JsonObject();
            meta.addProperty("temperature", 0.5);
            s.header.add("__metadata__", meta);
        })).contains("__metadata__ temperature is not a string");
    }

    @Test
    void metadataIsAddedToAWrittenFileWithoutMovingItsTensors() throws IOException {
        byte[] plain = Files.readAllBytes(FIXTURE);
        byte[] tagged = SafetensorsHeader.withMetadata(plain, java.util.Map.of("temperature", "0.5"));
        Path p = Files.write(tmp.resolve("tagged.safetensors"), tagged);
        assertThat(TorchImport.metadata(p)).containsEntry("temperature", "0.5");
        assertThat(ImportRun.temperature(p)).isEqualTo(0.5);
        for (String bad : new String[] {"abc", "200", "NaN", "-1"}) {
            Path q = Files.write(tmp.resolve("bad.safetensors"), SafetensorsHeader.withMetadata(plain, java.util.Map.of("temperature", bad)));
            assertThatThrownBy(() -> ImportRun.temperature(q)).isInstanceOf(ModelException.class)
                    .hasMessageContaining("is not a number in (0, 100)");
        }
        assertThat(ImportRun.temperature(FIXTURE)).isNull();
        long n = ByteBuffer.wrap(tagged, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        try (NDManager manager = NDManager.newBaseManager()) {
            var before = TorchImport.read(FIXTURE, REPORT16, manager).getParameters();
            var after = TorchImport.read(p, REPORT16, manager).getParameters();
            before.forEach(e -> assertThat(after.get(e.getKey()).getArray().toFloatArray()).as(e.getKey())
                    .isEqualTo(e.getValue().getArray().toFloatArray()));
        }
    }

    @Test
    void bfloat16TensorsAreReadAsTheirFloat32Values() throws IOException {
        // the fixture's float16 tensors as bfloat16, as torch's .bfloat16() saves them (DJL aborted the JVM on these)
        Safetensors s = Safetensors.read(FIXTURE);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String name : s.header.keySet()) {
                if (name.equals("__metadata__") || !s.entry(name).get("dtype").getAsString().equals("F16")) continue;
                int begin = s.begin(name), end = s.entry(name).getAsJsonArray("data_offsets").get(1).getAsInt();
                ByteBuffer out = ByteBuffer.wrap(s.data).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = begin; i < end; i += 2) out.putShort(i, (short) (Float.floatToIntBits(halfToFloat(out.getShort(i))) >>> 16));
                s.entry(name).addProperty("dtype", "BF16");
            }
            Path bf16 = Files.write(tmp.resolve("bf16.safetensors"), s.bytes());
            var fromHalf = TorchImport.read(FIXTURE, REPORT16, manager).getParameters();
            var fromBf16 = TorchImport.read(bf16, REPORT16, manager).getParameters();
            assertThat(fromBf16.size()).isEqualTo(fromHalf.size());
            for (int k = 0; k < fromHalf.size(); k++) {
                float[] a = fromHalf.valueAt(k).getArray().toFloatArray();
                float[] b = fromBf16.valueAt(k).getArray().toFloatArray();
                for (int i = 0; i < a.length; i++) { // bfloat16 keeps 8 bits of the significand: within 1/128
                    assertThat(b[i]).as(fromHalf.keyAt(k)).isCloseTo(a[i], org.assertj.core.data.Offset.offset(Math.abs(a[i]) / 128 + 1e-6f));
                }
            }
        }
    }

    @Test
    void aFileThatIsNotThereIsOneLine() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> TorchImport.read(tmp.resolve("none"), REPORT16, manager))
                    .isInstanceOf(ModelException.class).hasMessageEndingWith("none: no such file");
            assertThatThrownBy(() -> TorchImport.read(tmp, REPORT16, manager))
                    .isInstanceOf(ModelException.class).hasMessage(tmp + ": a folder, not a .safetensors file");
        }
    }

    static JsonArray array(long... values) {
        JsonArray a = new JsonArray();
        for (long v : values) a.add(v);
        return a;
    }

    /** An IEEE half's value (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int sign = (h >>> 15) & 1, exponent = (h >>> 10) & 0x1f, mantissa = h & 0x3ff;
        float v = exponent == 0 ? mantissa / 1024f * (float) Math.pow(2, -14)
                : exponent == 31 ? (mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN)
                : (1 + mantissa / 1024f) * (float) Math.pow(2, exponent - 15);
        return sign == 1 ? -v : v;
    }

    /** Sets the first float16 value of {@code name} to {@code bits}. */
    static void halfAt(Safetensors s, String name, short bits) {
        ByteBuffer.wrap(s.data).order(ByteOrder.LITTLE_ENDIAN).putShort(s.begin(name), bits);
    }
}
