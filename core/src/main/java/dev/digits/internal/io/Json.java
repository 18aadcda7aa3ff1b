package dev.digits.internal.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * The project's one JSON setup (Gson). {@link #FILE} writes the files of a run folder
 * ({@code model.json}, {@code config.json}): indented, and a NaN kept as NaN so that it reads back.
 * {@link #WIRE} writes what other programs read (the HTTP API, {@code --json} lines, benchmark
 * lines): compact, and a number that is not finite written as null, a whole number without a
 * fraction.
 */
public final class Json {

    public static final Gson FILE = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .create();

    public static final Gson WIRE = new GsonBuilder()
            .disableHtmlEscaping()
            .registerTypeAdapter(Double.class, new FiniteOrNull())
            .registerTypeAdapter(double.class, new FiniteOrNull())
            .registerTypeAdapter(Float.class, new FiniteOrNull())
            .registerTypeAdapter(float.class, new FiniteOrNull())
            .create();

    private Json() {}

    private static final class FiniteOrNull extends TypeAdapter<Number> {
        @Override
        public void write(JsonWriter out, Number value) throws IOException {
            double d = value == null ? Double.NaN : value.doubleValue();
            if (!Double.isFinite(d)) {
                out.nullValue();
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.value((long) d); // 2.0 from a parsed model.json is written as 2
            } else {
                out.value(value);
            }
        }

        @Override
        public Number read(JsonReader in) {
            throw new UnsupportedOperationException("write-only");
        }
    }
}
