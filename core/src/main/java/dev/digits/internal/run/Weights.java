package dev.digits.internal.run;

import java.util.Locale;

/** The two weight files of a run folder. */
public enum Weights {
    /** {@code model.params}: the weights after the last completed epoch. */
    MODEL,
    /** {@code best.params}: the weights of the epoch that scored best on the validation split. */
    BEST;

    /** The file name in a run folder. */
    public String fileName() {
        return this + ".params";
    }

    /** The flag's spelling: model or best. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code --weights}; the message names the flag. */
    public static Weights parse(String flag) {
        for (Weights w : values()) if (w.toString().equals(flag)) return w;
        throw new IllegalArgumentException("--weights must be model or best, got " + flag);
    }
}
