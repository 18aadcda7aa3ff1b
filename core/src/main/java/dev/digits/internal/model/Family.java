package dev.digits.internal.model;

import java.util.Locale;

/** The members of the report's ResNet family that a recipe can name ({@code --arch}). */
public enum Family {
    /** The report's network: {@link Architecture#report(int)}. */
    REPORT,
    /** The CPU preset's network: {@link Architecture#fast(int)}. */
    FAST;

    /** This member at {@code width} channels in its first stage (a multiple of 16). */
    public Architecture at(int width) {
        return Architecture.named(toString(), width);
    }

    /** The flag's and model.json's spelling: report or fast. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
