package dev.digits.bench;

import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One benchmark result: a flat JSON object, printed as one line. */
public final class Measurement {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Measurement(String bench) {
        fields.put("bench", bench);
        fields.put("engine", "djl-" + ai.djl.engine.Engine.getDjlVersion() + "/pytorch-" + ai.djl.engine.Engine.getEngine("PyTorch").getVersion());
    }

    public Measurement put(String key, Object value) {
        fields.put(key, value instanceof Double d ? round(d) : value);
        return this;
    }

    public String toJson() {
        return Json.WIRE.toJson(fields);
    }

    /** Appends this measurement as one line to {@code file} (the whole file is rewritten atomically). */
    public void appendTo(Path file) throws IOException {
        String old = Files.exists(file) ? Files.readString(file) : "";
        AtomicWrite.writeString(file, old + toJson() + "\n");
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Peak resident memory of this process in MiB (VmHWM), or -1 where /proc is not there. */
    public static double peakRssMib() {
        return status("VmHWM:");
    }

    /** Resident memory of this process now in MiB (VmRSS), or -1 where /proc is not there. */
    public static double rssMib() {
        return status("VmRSS:");
    }

    /**
     * Starts the peak ({@link #peakRssMib}) over from the memory resident now (Linux's
     * {@code clear_refs}), so that it measures a stretch of work; false where that is not possible.
     */
    public static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A field of /proc/self/status in MiB, or -1 where /proc is not there. */
    private static double status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }

    /**
     * Minor page faults of this process so far (-1 off Linux). Counted across the timed batches it
     * shows whether the allocator hands freed tensors back to the kernel, which then zero-fills
     * fresh pages for the next batch (docs/history.md, section 4).
     */
    public static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]); // field 10 of proc(5): minflt
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
