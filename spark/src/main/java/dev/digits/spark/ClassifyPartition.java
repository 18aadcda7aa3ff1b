package dev.digits.spark;

import dev.digits.api.Answer;
import dev.digits.api.DigitException;
import dev.digits.api.DigitModel;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * The work of one task: the files of a partition ({@code path}, {@code content} as Spark's
 * {@code binaryFile} source gives them) to result rows, up to {@value #CHUNK} images per pass through
 * the network and at most {@link #CHUNK_PIXELS} decoded pixels held at once (photos decode to up to
 * 4.2 megapixels each), lazily (a partition is never held whole). Every failure of one image is its
 * row's error.
 */
final class ClassifyPartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** Images per call: one forward pass of the classifier's batch size. */
    static final int CHUNK = 256;

    /** Decoded pixels per call, at most (a picture over it goes alone): 8 pictures of 2048 x 2048, about 134 MB. */
    static final long CHUNK_PIXELS = 8L * 2048 * 2048;

    private final Broadcast<ModelBundle> bundle;
    private final boolean read;

    ClassifyPartition(Broadcast<ModelBundle> bundle, boolean read) {
        this.bundle = bundle;
        this.read = read;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> files) {
        DigitModel model = Models.of(bundle.value());
        return new Iterator<>() {
            private Iterator<Row> chunk = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                while (!chunk.hasNext() && files.hasNext()) chunk = chunk(model, files).iterator();
                return chunk.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return chunk.next();
            }
        };
    }

    /** The next files' rows, in their order: {@value #CHUNK} of them, or fewer once their pictures hold {@link #CHUNK_PIXELS}. */
    private List<Row> chunk(DigitModel model, Iterator<Row> files) {
        List<String> paths = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long pixels = 0;
        while (paths.size() < CHUNK && pixels < CHUNK_PIXELS && files.hasNext()) {
            Row f = files.next();
            paths.add(f.getAs("path"));
            try {
                BufferedImage image = DigitModel.decode(f.getAs("content"));
                pixels += (long) image.getWidth() * image.getHeight();
                images.add(image);
                errors.add(null);
            } catch (RuntimeException e) {
                images.add(null);
                errors.add(message(e));
            }
        }
        List<Answer> answers = answers(model, images, errors);
        List<Row> rows = new ArrayList<>(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            if (errors.get(i) != null) {
                rows.add(Results.error(paths.get(i), errors.get(i)));
                continue;
            }
            try {
                rows.add(Results.answer(paths.get(i), answers.get(i), read ? model.read(images.get(i)).number() : null));
            } catch (RuntimeException e) {
                rows.add(Results.error(paths.get(i), message(e)));
            }
        }
        return rows;
    }

    /** Each decoded image's answer, in one batch; when the batch fails (a blank image), one at a time. */
    private static List<Answer> answers(DigitModel model, List<BufferedImage> images, List<String> errors) {
        List<BufferedImage> decoded = images.stream().filter(java.util.Objects::nonNull).toList();
        List<Answer> out = new ArrayList<>(images.size());
        try {
            Iterator<Answer> batch = model.classifyAll(decoded).iterator();
            for (BufferedImage image : images) out.add(image == null ? null : batch.next());
            return out;
        } catch (DigitException e) {
            out.clear(); // some image has no ink: find which, one by one
        }
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i) == null) {
                out.add(null);
                continue;
            }
            try {
                out.add(model.classify(images.get(i)));
            } catch (RuntimeException e) {
                out.add(null);
                errors.set(i, message(e));
            }
        }
        return out;
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
