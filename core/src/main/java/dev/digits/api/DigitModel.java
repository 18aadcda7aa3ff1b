package dev.digits.api;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.read.DigitPicture;
import dev.digits.internal.infer.ImageException;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.read.DigitGate;
import dev.digits.internal.read.NumberReader;
import dev.digits.internal.read.StripModel;
import dev.digits.internal.read.ReadDigit;
import dev.digits.internal.read.Reading;
import dev.digits.internal.run.RunFolder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A trained digit recogniser: load a model folder once, then ask it about pictures. Any picture
 * will do (PNG, JPEG, BMP or GIF; up to 4096 x 4096 pixels, those over 2048 x 2048 read at half or a
 * third of their size; dark ink on light paper or the reverse): it is prepared as the MNIST digits
 * were, exactly as {@code ./mnist predict} prepares it.
 *
 * <pre>{@code
 * try (DigitModel model = DigitModel.load(Path.of("models/default"))) {
 *     Answer seven = model.classify(Path.of("seven.png"));          // 7, 0.998, top 3, not a digit?
 *     NumberAnswer number = model.read(Path.of("number.png"));      // "95348"
 * }
 * }</pre>
 *
 * <p>Safe to use from many threads at once. Loading costs a few hundred milliseconds; keep one
 * model for the life of the program and {@link #close()} it at the end (it holds native memory).
 * Every failure of a picture or a model folder is a {@link DigitException} with a one-line
 * message; a null argument is a {@link NullPointerException} naming it, and a call on a closed
 * model an {@link IllegalStateException}.
 */
public final class DigitModel implements AutoCloseable {

    private final RunFolder folder;
    private final DigitClassifier classifier;
    private final DigitGate gate;
    private final StripModel strips;
    private final NumberReader reader;
    /** Calls hold it shared, {@link #close} alone: close waits for the calls under way, and later ones are refused. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private DigitModel(RunFolder folder, DigitClassifier classifier, DigitGate gate, StripModel strips) {
        this.folder = folder;
        this.classifier = classifier;
        this.gate = gate;
        this.strips = strips;
        this.reader = NumberReader.of(classifier, gate, strips);
    }

    /**
     * Loads a model folder: one written by {@code ./mnist train} (or {@code ensemble}), or the
     * shipped {@code models/default}. Its final weights are used, and its {@code gate.bin} (if it has
     * one) to tell what is not a digit; without it, only an unsure answer counts as not a digit. Its
     * {@code number-net.params} (if it has one, from {@code ./mnist read-train}) reads whole numbers
     * beside their pieces, for {@link #read(BufferedImage)}.
     *
     * @throws DigitException when the folder holds no usable model
     */
    public static DigitModel load(Path folder) {
        Objects.requireNonNull(folder, "folder");
        RunFolder run = new RunFolder(folder);
        DigitGate gate;
        try {
            gate = DigitGate.of(run);
        } catch (ModelException e) {
            throw new DigitException(e.getMessage(), e);
        }
        DigitClassifier classifier;
        try {
            classifier = DigitClassifier.load(run);
        } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
            throw new DigitException(withFolder(folder, "cannot load the model: ", e.getMessage()), e);
        }
        StripModel strips;
        try {
            gate.requireFits(classifier, run);
            strips = StripModel.of(run);
        } catch (ModelException e) {
            classifier.close();
            throw new DigitException(e.getMessage(), e);
        }
        return new DigitModel(run, classifier, gate, strips);
    }

    /**
     * The files of a model folder that {@link #load} reads, relative to it and {@code /}-separated
     * (its {@code model.json}, final weights, gate and number network, and each ensemble member's):
     * what to copy or ship so that the folder loads elsewhere.
     *
     * @throws DigitException when the folder has no {@code model.json} or cannot be read
     */
    public static List<String> files(Path folder) {
        Objects.requireNonNull(folder, "folder");
        RunFolder run = new RunFolder(folder);
        if (!Files.isRegularFile(run.info())) {
            throw new DigitException(folder + " is not a model folder (no " + RunFolder.INFO + ")");
        }
        try {
            return run.loadedFiles().stream().map(p -> folder.relativize(p).toString().replace('\\', '/')).toList();
        } catch (ModelException e) {
            throw new DigitException(e.getMessage(), e);
        }
    }

    /** {@code message} with the folder in front once (most of the engine's messages start with it). */
    private static String withFolder(Path folder, String what, String message) {
        String prefix = folder + ": ";
        return prefix + what + (message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    /** The folder this model was loaded from. */
    public Path folder() {
        return folder.dir();
    }

    /**
     * Decodes the contents of an image file (PNG, JPEG, BMP or GIF), with the size limits
     * {@code ./mnist predict} applies (4096 x 4096 pixels).
     *
     * @throws DigitException when the bytes are not a readable image, or too large
     */
    public static BufferedImage decode(byte[] fileContents) {
        try {
            return ImageDecoder.read(fileContents);
        } catch (ImageException e) {
            throw new DigitException(e.getMessage(), e);
        }
    }

    /**
     * The digit in an image file.
     *
     * @throws DigitException when the file cannot be read as an image, or is blank
     */
    public Answer classify(Path file) {
        try {
            return classify(ImageDecoder.read(file));
        } catch (ImageException e) {
            throw new DigitException(e.getMessage(), e);
        }
    }

    /**
     * The digit in a picture.
     *
     * @throws DigitException when the picture is blank (no ink), or over 4096 x 4096 pixels
     */
    public Answer classify(BufferedImage image) {
        return classifyAll(List.of(Objects.requireNonNull(image, "image"))).get(0);
    }

    /**
     * The digit in each picture, in one pass through the network for up to 256 of them: several
     * times faster per picture than one call each.
     *
     * @throws DigitException when a picture is blank or over 4096 x 4096 pixels; its message names which (counting from 0)
     */
    public List<Answer> classifyAll(List<BufferedImage> images) {
        int n = Objects.requireNonNull(images, "images").size();
        byte[] inputs = new byte[n * InputContract.PIXELS];
        for (int i = 0; i < n; i++) {
            try {
                byte[] one = DigitPicture.toMnist(Objects.requireNonNull(images.get(i), "image " + i));
                System.arraycopy(one, 0, inputs, i * InputContract.PIXELS, InputContract.PIXELS);
            } catch (ImageException e) {
                throw new DigitException(n == 1 ? e.getMessage() : "image " + i + ": " + e.getMessage(), e);
            }
        }
        DigitClassifier.Analysis a = whileOpen(() -> classifier.analyse(inputs, n));
        List<Answer> answers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) answers.add(answer(a.predictions()[i], gate.judge(a.features()[i], a.predictions()[i])));
        return answers;
    }

    /**
     * The number in a picture of several digits, left to right (lines of writing top to bottom,
     * a space between them): each piece of ink is cut out (touching digits are split), classified
     * and judged. The boxes are in the picture's own pixels
     * (for a file over 2048 x 2048, those of the file, though it is read smaller).
     *
     * @throws DigitException when the picture is too large (more pixels than 4096 x 4096)
     */
    public NumberAnswer read(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        Reading r;
        try {
            r = whileOpen(() -> reader.read(image)); // a blank picture reaches no network: the check cannot be left to them
        } catch (ImageException e) {
            throw new DigitException(e.getMessage(), e);
        }
        List<NumberAnswer.Piece> pieces = new ArrayList<>();
        for (ReadDigit d : r.digits()) {
            Answer answer = new Answer(d.digit(), d.probability(), List.of(new Candidate(d.digit(), d.probability())), d.notADigit());
            pieces.add(new NumberAnswer.Piece(d.box().x(), d.box().y(), d.box().width(), d.box().height(), answer));
        }
        return new NumberAnswer(r.number(), pieces);
    }

    /**
     * The number in an image file.
     *
     * @throws DigitException when the file cannot be read as an image
     */
    public NumberAnswer read(Path file) {
        try {
            return read(ImageDecoder.read(file));
        } catch (ImageException e) {
            throw new DigitException(e.getMessage(), e);
        }
    }

    private static Answer answer(Prediction p, DigitGate.Verdict v) {
        List<Candidate> top = p.top(3).stream().map(g -> new Candidate(g.digit(), g.probability())).toList();
        return new Answer(p.digit(), p.probability(), top, !v.digit());
    }

    /** Runs {@code call} holding the lifecycle shared: never on a closed model, and close() waits for it. */
    private <T> T whileOpen(java.util.function.Supplier<T> call) {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new IllegalStateException(this + " is closed");
            return call.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Frees the model's native memory, after the calls under way; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            classifier.close();
            if (strips != null) strips.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "DigitModel(" + folder + ")";
    }
}
