package dev.digits.internal.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The number format a network's residual blocks train in (see {@link dev.digits.internal.model.cpu.Bf16Conv}). */
public enum Precision {
    /** float32 throughout. */
    FP32,
    /**
     * Mixed precision: in training steps the residual blocks' convolutions and activations are
     * bfloat16; weights, batch-norm statistics, loss, gradients of weights and the optimiser are
     * float32. Evaluation and inference are float32.
     */
    BF16;

    /** The flag's spelling: fp32 or bf16. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision parse(String flag) {
        for (Precision p : values()) if (p.toString().equals(flag)) return p;
        throw new IllegalArgumentException("--precision must be fp32 or bf16, got '" + flag + "'");
    }

    /**
     * Whether this CPU has bfloat16 dot-product instructions (AVX512-BF16 or AMX-BF16), per
     * /proc/cpuinfo. Without them oneDNN emulates bf16, more slowly than float32; results are
     * still right.
     */
    public static boolean cpuHasBf16() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    String flags = " " + line.substring(line.indexOf(':') + 1) + " ";
                    return flags.contains(" avx512_bf16 ") || flags.contains(" amx_bf16 ");
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
