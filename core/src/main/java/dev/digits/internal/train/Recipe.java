package dev.digits.internal.train;

import com.google.gson.JsonObject;
import dev.digits.internal.data.Augmenter;
import dev.digits.internal.data.Distortions;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.Family;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.Precision;
import dev.digits.internal.model.Views;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything that decides a training run, in groups. The presets ({@link Preset}) are recipes;
 * {@code train}'s flags override single values of one.
 */
public record Recipe(
        Preset preset,
        Family family,
        int width,
        int batchSize,
        long seed,
        Precision precision,
        Optimiser optimiser,
        Annealing annealing,
        Augmentation augmentation,
        Stopping stopping,
        Data data,
        Structure structure,
        Views views) {

    /** A recipe for the family's own network ({@link Structure#WHOLE}). */
    public Recipe(Preset preset, Family family, int width, int batchSize, long seed, Precision precision, Optimiser optimiser,
                  Annealing annealing, Augmentation augmentation, Stopping stopping, Data data) {
        this(preset, family, width, batchSize, seed, precision, optimiser, annealing, augmentation, stopping, data, Structure.WHOLE);
    }

    /** A recipe whose model reads each digit once ({@link Views#ONE}). */
    public Recipe(Preset preset, Family family, int width, int batchSize, long seed, Precision precision, Optimiser optimiser,
                  Annealing annealing, Augmentation augmentation, Stopping stopping, Data data, Structure structure) {
        this(preset, family, width, batchSize, seed, precision, optimiser, annealing, augmentation, stopping, data, structure, Views.ONE);
    }

    /**
     * This recipe, whose model reads each digit in {@code v} views ({@link Views}: model.json's
     * {@code test_time_views}); the epochs are evaluated, and chosen, in one view.
     */
    public Recipe withViews(Views v) {
        return new Recipe(preset, family, width, batchSize, seed, precision, optimiser, annealing, augmentation, stopping, data,
                structure, v);
    }

    /**
     * AdamW (PyTorch's defaults but the rate and decay), or SGD with momentum for ablations, and the
     * loss it minimises; {@code ema}: the decay of a moving average of the weights kept beside them,
     * which is the model the run saves and evaluates ({@link WeightAverage}), or 0 for none.
     */
    public record Optimiser(double lr, double weightDecay, double labelSmoothing, Kind kind, double ema) {
        public Optimiser(double lr, double weightDecay, double labelSmoothing) {
            this(lr, weightDecay, labelSmoothing, Kind.ADAMW);
        }

        public Optimiser(double lr, double weightDecay, double labelSmoothing, Kind kind) {
            this(lr, weightDecay, labelSmoothing, kind, 0);
        }

        /** Whether the run keeps a moving average of its weights. */
        public boolean averages() {
            return ema > 0;
        }

        public Optimiser withEma(double decay) {
            return new Optimiser(lr, weightDecay, labelSmoothing, kind, decay);
        }

        public enum Kind {
            ADAMW("AdamW"),
            /** PyTorch's SGD with momentum 0.9 and (coupled, L2) weight decay. */
            SGD("SGD (momentum 0.9)");

            public static final float SGD_MOMENTUM = 0.9f;
            private final String text;

            Kind(String text) {
                this.text = text;
            }

            @Override
            public String toString() {
                return text;
            }
        }
    }

    /** How the learning rate moves: {@code lr} is the cosine's base, or the one-cycle's peak. */
    public record Annealing(Kind kind, int tMax, double warmup) {
        public enum Kind {
            /** PyTorch's CosineAnnealingLR stepped per epoch, as the report does (tMax epochs). */
            COSINE,
            /** PyTorch's OneCycleLR, stepped per batch, warming up over the first {@code warmup} of the steps. */
            ONECYCLE,
            /** No schedule: {@code lr} throughout (an ablation). */
            CONSTANT;

            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /** Random rotation within +-{@code rotation} degrees and shift within +-{@code shift} of the side, and {@link Distortions}. */
    public record Augmentation(float rotation, float shift, Distortions distortions) {
        public static final Augmentation NONE = new Augmentation(0, 0, Distortions.NONE);

        public Augmentation(float rotation, float shift) {
            this(rotation, shift, Distortions.NONE);
        }

        public boolean any() {
            return rotation != 0 || shift != 0 || distortions.any();
        }

        public Augmenter augmenter(InputContract input) {
            return new Augmenter(rotation, shift, distortions, input);
        }

        /** As config.json writes it: "rotation +-8.0 deg, shift +-0.08", then any distortions. */
        String describe() {
            if (!any()) return "none";
            String s = "rotation +-" + rotation + " deg, shift +-" + shift;
            Distortions d = distortions;
            if (d.scale() != 0) s += ", scale +-" + d.scale();
            if (d.aspect() != 0) s += ", aspect +-" + d.aspect();
            if (d.elasticAlpha() != 0) s += ", elastic alpha " + d.elasticAlpha() + " sigma " + d.elasticSigma();
            if (d.strokeChance() != 0) {
                s += ", stroke width changed in " + d.strokeChance() + " of images" + (d.strokePixels() == 1 ? "" : " by up to "
                        + d.strokePixels() + " px");
            }
            if (d.shear() != 0) s += ", slant +-" + d.shear();
            return s;
        }
    }

    /** At most {@code epochs}; earlier once {@code on}'s accuracy reaches {@code target} percent (NaN: never). */
    public record Stopping(int epochs, double target, On on) {
        public enum On {
            VALIDATION, TEST;

            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        public boolean hasTarget() {
            return !Double.isNaN(target);
        }
    }

    /**
     * MNIST-format files in {@code dir}; {@code validation} training images held out; {@code limit}:
     * the first N only (0: all); {@code extra}: other sets whose training split is trained on as
     * well (never their test split; the validation and test sets stay MNIST's); {@code numbers}:
     * how many numbers to write with the run's own training digits, whose whole digits and pieces
     * that are not one digit, cut out by the reader, are trained on as well
     * ({@link dev.digits.internal.numbers.ReaderPieces#material}; 0: none).
     */
    public record Data(Path dir, int validation, int limit, Set<Dataset> extra, int numbers) {
        public Data {
            extra = extra.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(extra));
            if (extra.contains(Dataset.MNIST)) throw new IllegalArgumentException("--extra-data: MNIST is the main set; name others (usps)");
            if (numbers < 0 || numbers > MAX_NUMBERS) {
                throw new IllegalArgumentException("--numbers must be 0 to " + MAX_NUMBERS + ", got " + numbers);
            }
        }

        /** The most numbers {@code --numbers} writes: about 200,000 digits and as many pieces, 300 MB of pictures. */
        public static final int MAX_NUMBERS = 10_000;

        public Data(Path dir, int validation, int limit, Set<Dataset> extra) {
            this(dir, validation, limit, extra, 0);
        }

        public Data(Path dir, int validation, int limit) {
            this(dir, validation, limit, Set.of());
        }
    }

    /**
     * Changes to the family's network for an experiment: {@code blocks} per stage and the shortcut
     * dropout (null: the family's), and parts taken out. config.json names each only when set.
     */
    public record Structure(Integer blocks, Float dropout, Set<Architecture.Removed> removed) {
        public static final Structure WHOLE = new Structure(null, null, Set.of());

        public Structure {
            removed = removed.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(removed));
        }

        Architecture apply(Architecture a) {
            return equals(WHOLE) ? a : a.vary(blocks == null ? a.blocks() : blocks, dropout == null ? a.dropout() : dropout, removed);
        }
    }

    public Architecture architecture() {
        return structure.apply(family.at(width));
    }

    public Schedule schedule() {
        return switch (annealing.kind()) {
            case COSINE -> Schedule.cosine(optimiser.lr(), annealing.tMax(), 0);
            case ONECYCLE -> Schedule.oneCycle(optimiser.lr(), stopping.epochs(), annealing.warmup());
            case CONSTANT -> Schedule.constant(optimiser.lr());
        };
    }

    /** Checks every value a user can set; the message names the flag. */
    public Recipe validate() {
        architecture(); // --arch and --width: Architecture.named checks both
        require(stopping.epochs() > 0, "--epochs must be a positive integer, got " + stopping.epochs());
        require(batchSize > 0 && batchSize <= 4096, "--batch-size must be between 1 and 4096, got " + batchSize);
        require(optimiser.lr() > 0 && optimiser.lr() < 10, "--lr must be a positive number below 10, got " + optimiser.lr());
        require(optimiser.weightDecay() >= 0 && optimiser.weightDecay() < 10,
                "--weight-decay must be a number from 0 to below 10, got " + optimiser.weightDecay());
        require(optimiser.labelSmoothing() >= 0 && optimiser.labelSmoothing() < 1,
                "--label-smoothing must be in [0, 1), got " + optimiser.labelSmoothing());
        require(optimiser.ema() == 0 || (optimiser.ema() >= 0.5 && optimiser.ema() < 1),
                "--ema must be 0 (none) or a decay in [0.5, 1), such as 0.999, got " + optimiser.ema());
        require(!stopping.hasTarget() || (stopping.target() > 0 && stopping.target() <= 100),
                "--target must be a percentage in (0, 100], got " + stopping.target());
        require(augmentation.rotation() >= 0 && augmentation.rotation() <= 180,
                "--rotation must be between 0 and 180 degrees, got " + augmentation.rotation());
        require(augmentation.shift() >= 0 && augmentation.shift() <= 0.5, "--shift must be between 0 and 0.5, got " + augmentation.shift());
        Distortions d = augmentation.distortions();
        require(d.scale() >= 0 && d.scale() < 0.5, "--scale must be in [0, 0.5), got " + d.scale());
        require(d.aspect() >= 0 && d.aspect() < 0.5, "--aspect must be in [0, 0.5), got " + d.aspect());
        require(d.elasticAlpha() >= 0 && d.elasticAlpha() <= 100, "--elastic must be between 0 and 100, got " + d.elasticAlpha());
        require(d.strokeChance() >= 0 && d.strokeChance() <= 1, "--stroke must be between 0 and 1, got " + d.strokeChance());
        require(d.strokePixels() == 1 || d.strokePixels() == 2, "--stroke-pixels must be 1 or 2, got " + d.strokePixels());
        require(d.shear() >= 0 && d.shear() < 1, "--shear must be in [0, 1), got " + d.shear());
        require(data.limit() >= 0, "--limit must not be negative, got " + data.limit());
        require(data.validation() >= 0, "--validation must not be negative, got " + data.validation());
        require(data.limit() == 0 || data.validation() == 0 || data.limit() > data.validation(),
                "--limit " + data.limit() + " leaves no training images beside the " + data.validation()
                        + " held out for validation: raise --limit, lower --validation, or give --validation 0"
                        + " (the test set then chooses the model)");
        require(structure.blocks() == null || (structure.blocks() > 0 && structure.blocks() <= Architecture.MAX_BLOCKS),
                "blocks per stage must be between 1 and " + Architecture.MAX_BLOCKS + ", got " + structure.blocks());
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /**
     * The recipe that {@link #toMap()} wrote as {@code config}, for {@code train --resume}; an
     * {@link IllegalArgumentException} names the keys of a config.json this version did not write
     * ({@link RecipeConfig}).
     */
    public static Recipe fromConfig(JsonObject config) {
        return RecipeConfig.read(config);
    }

    /** The recipe as a flat map, for config.json, model.json and reports (the keys are those of earlier runs). */
    public Map<String, Object> toMap() {
        return RecipeConfig.write(this);
    }
}
