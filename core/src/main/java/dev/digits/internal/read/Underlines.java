package dev.digits.internal.read;

/**
 * Takes out an underline that touches the digits above it. Such a line joins a whole number into
 * one component, which {@link Segmenter} cannot drop as a line and {@link Splitter} would cut
 * into strokes of the digits. In a component at least {@value #WIDE} times as wide as it is tall
 * and about as tall as a digit (at least {@link Segmenter#PART_HEIGHT} of the typical height, so
 * not a stroke, such as a 5's cap written apart), every horizontal run of ink longer than
 * {@value #RUN} times the component's height is a line:
 * no stroke of a digit is that long (the bar of a 7 is under one height), a line under two or more
 * digits is. Its pixels stop being ink and the picture's components are found again.
 */
final class Underlines {

    static final double WIDE = 1.5;
    static final double RUN = 1.5;

    private Underlines() {}

    /** The components of {@code ink} with lines taken out; {@code c} itself when there were none. */
    static Components erase(InkMap ink, Components c) {
        if (c.blobs().isEmpty()) return c;
        double typical = Segmenter.typicalHeight(c.blobs());
        boolean[] mask = null;
        for (Components.Blob b : c.blobs()) {
            int height = b.height();
            if (b.width() < WIDE * height || height < Segmenter.PART_HEIGHT * typical) continue;
            for (int y = b.y0(); y <= b.y1(); y++) {
                int start = -1;
                for (int x = b.x0(); x <= b.x1() + 1; x++) {
                    boolean inBlob = x <= b.x1() && c.labels()[y * c.width() + x] == b.id();
                    if (inBlob && start < 0) start = x;
                    if (!inBlob && start >= 0) {
                        if (x - start > RUN * height) {
                            if (mask == null) mask = ink.mask().clone();
                            for (int i = start; i < x; i++) mask[y * c.width() + i] = false;
                        }
                        start = -1;
                    }
                }
            }
        }
        return mask == null ? c : Components.of(new InkMap(ink.width(), ink.height(), ink.ink(), mask));
    }
}
