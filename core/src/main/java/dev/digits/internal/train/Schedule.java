package dev.digits.internal.train;

/** A learning rate for each optimiser step. */
public interface Schedule {

    /** The rate for step {@code step} (0-based) of epoch {@code epoch} (1-based). */
    double lr(int epoch, int step, int stepsPerEpoch);

    /**
     * PyTorch's {@code CosineAnnealingLR(T_max)} stepped once per epoch, as the report does:
     * {@code eta_min + (base - eta_min) * (1 + cos(pi * e / T_max)) / 2} for epoch index e = 0, 1, ...
     * Past T_max PyTorch's schedule does not stop at eta_min: the cosine goes on, so the rate rises
     * again and is back at base at 2*T_max. This matches that.
     */
    static Schedule cosine(double base, int tMax, double etaMin) {
        return (epoch, step, steps) -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * (epoch - 1) / tMax)) / 2;
    }

    /**
     * A one-cycle schedule stepped every batch (PyTorch's {@code OneCycleLR} with cosine phases): from
     * peak/25 up to peak over the first {@code warmup} fraction of all steps, then down to peak/1e4.
     */
    static Schedule oneCycle(double peak, int epochs, double warmup) {
        return (epoch, step, steps) -> {
            double total = (double) epochs * steps;
            double t = (epoch - 1) * (double) steps + step;
            double up = Math.max(1, warmup * total);
            double start = peak / 25;
            double end = peak / 1e4;
            if (t < up) return start + (peak - start) * (1 - Math.cos(Math.PI * t / up)) / 2;
            double f = Math.min(1, (t - up) / Math.max(1, total - up));
            return end + (peak - end) * (1 + Math.cos(Math.PI * f)) / 2;
        };
    }

    /** The same rate at every step. */
    static Schedule constant(double lr) {
        return (epoch, step, steps) -> lr;
    }
}
