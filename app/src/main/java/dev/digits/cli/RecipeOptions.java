package dev.digits.cli;

import dev.digits.internal.data.Distortions;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.model.Family;
import dev.digits.internal.model.Precision;
import dev.digits.internal.model.Views;
import dev.digits.internal.train.Preset;
import dev.digits.internal.train.Recipe;
import dev.digits.internal.train.Recipe.Annealing;
import dev.digits.internal.train.Recipe.Augmentation;
import dev.digits.internal.train.Recipe.Data;
import dev.digits.internal.train.Recipe.Optimiser;
import dev.digits.internal.train.Recipe.Stopping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The flags of {@code train} that make its recipe: a preset, and any of its values overridden. Each
 * flag left out keeps the preset's value; flags that contradict each other are refused.
 */
final class RecipeOptions {

    @Option(names = "--preset", defaultValue = "fast", description = "fast, report or best (default: ${DEFAULT-VALUE}).")
    Preset preset;
    @Option(names = "--arch", description = "Network family member: report or fast.")
    Family arch;
    @Option(names = "--width", description = "Channels of the first stage, a multiple of 16; stages are width, 2*width, 4*width.")
    Integer width;
    @Option(names = "--epochs", description = "Most epochs to train.")
    Integer epochs;
    @Option(names = "--batch-size", description = "Images per batch.")
    Integer batchSize;
    @Option(names = "--lr", description = "Learning rate: the base of cosine annealing, or the peak of one-cycle.")
    Double lr;
    @Option(names = "--weight-decay", description = "AdamW weight decay.")
    Double weightDecay;
    @Option(names = "--schedule", description = "cosine (the report's, T_max 10 epochs), onecycle, or constant (the rate throughout).")
    Annealing.Kind schedule;
    @Option(names = "--label-smoothing", description = "Cross-entropy label smoothing.")
    Double labelSmoothing;
    @Option(names = "--ema", paramLabel = "DECAY", description = "Keep a moving average of the weights (0.999: each step moves it"
            + " a thousandth of the way, more over the first steps) and save and evaluate it instead of the last weights; 0 for none.")
    Double ema;
    @Option(names = "--seed", description = "Seed for weights, shuffling, augmentation and the validation split.")
    Long seed;
    @Option(names = "--target", description = "Stop once this accuracy (percent) is reached.")
    Double target;
    @Option(names = "--no-target", description = "Never stop early.")
    boolean noTarget;
    @Option(names = "--early-stop-on", description = "validation (held-out training images) or test (the report's way, which leaks the test set).")
    Stopping.On earlyStopOn;
    @Option(names = "--no-augment", description = "Train without random rotation and shift.")
    boolean noAugment;
    @Option(names = "--rotation", description = "Largest random rotation in degrees.")
    Float rotation;
    @Option(names = "--shift", description = "Largest random shift as a fraction of the side.")
    Float shift;
    @Option(names = "--scale", description = "Largest random change of size, as a fraction (0.1: 90%% to 110%%).")
    Float scale;
    @Option(names = "--aspect", description = "Largest random change of the width-to-height ratio, as a fraction.")
    Float aspect;
    @Option(names = "--elastic", description = "Strength of the elastic distortion in pixels (Simard et al. 2003 use 34 with sigma 4); 0 for none.")
    Float elastic;
    @Option(names = "--stroke", description = "Share of images whose strokes are made one pixel thicker or thinner.")
    Float stroke;
    @Option(names = "--stroke-pixels", paramLabel = "N",
            description = "With --stroke: the most pixels a stroke changes by, 1 or 2 (2: one or two, half each).")
    Integer strokePixels;
    @Option(names = "--shear", paramLabel = "S", description = "Largest random slant, as dx/dy (0.3: the top moved by up to 30%% of the height either way); 0 for none.")
    Float shear;
    @Option(names = "--validation", description = "Training images held out for validation (0 for none).")
    Integer validation;
    @Option(names = "--limit", description = "Train on only the first N training images (0: all).")
    Integer limit;
    @Option(names = "--extra-data", split = ",", paramLabel = "SET", description = "Train on these sets' training splits as well"
            + " (usps: USPS's 7,291 training digits, read through predict's preprocessing); validation and test stay MNIST's,"
            + " and model.json's config names them.")
    List<String> extraData;
    @Option(names = "--numbers", paramLabel = "N", description = "Train also on what the reader (./mnist read) cuts out of N numbers"
            + " written with the run's own training digits (composed as read-bench's: size, slant, strokes, paper, touching neighbours):"
            + " the whole digits, and a seventh of the pieces that are not one digit, toward equal probabilities for all ten"
            + " (outlier exposure). 2000 adds about 20,000 of each, made in half a minute. 0: none.")
    Integer numbers;
    @Option(names = "--data", description = "Folder with the four MNIST-format files (default: the bundled data/mnist).")
    Path data;
    @Option(names = "--precision", description = "fp32 or bf16: the residual blocks of each training step compute in bfloat16"
            + " (mixed precision, as PyTorch's autocast; weights, batch-norm statistics, loss and AdamW stay float32, evaluation is float32)."
            + " About 2x faster for the report's network on CPUs with AVX512-BF16 or AMX; no faster for the fast default.")
    String precision;
    @Option(names = "--views", paramLabel = "N", description = "Test-time views the saved model reads each digit in: 1, 5 or 9"
            + " (also moved by a pixel; probabilities averaged). The epochs are evaluated, and the best chosen, in one view.")
    Integer views;
    /** The preset with every flag given applied over it. */
    Recipe recipe() {
        Recipe p = preset.recipe();
        refuseContradictions(p);
        Optimiser o = p.optimiser();
        Distortions pd = p.augmentation().distortions();
        Augmentation a = noAugment ? Augmentation.NONE
                : new Augmentation(or(rotation, p.augmentation().rotation()), or(shift, p.augmentation().shift()),
                        new Distortions(or(scale, pd.scale()), or(aspect, pd.aspect()), or(elastic, pd.elasticAlpha()),
                                pd.elasticSigma(), or(stroke, pd.strokeChance()), or(strokePixels, pd.strokePixels()),
                                or(shear, pd.shear())));
        Stopping s = p.stopping();
        Data d = p.data();
        return new Recipe(preset, or(arch, p.family()), or(width, p.width()), or(batchSize, p.batchSize()), or(seed, p.seed()),
                precision == null ? p.precision() : Precision.parse(precision),
                new Optimiser(or(lr, o.lr()), or(weightDecay, o.weightDecay()), or(labelSmoothing, o.labelSmoothing()), o.kind(),
                        or(ema, o.ema())),
                new Annealing(or(schedule, p.annealing().kind()), p.annealing().tMax(), p.annealing().warmup()),
                a,
                new Stopping(or(epochs, s.epochs()), noTarget ? Double.NaN : or(target, s.target()), or(earlyStopOn, s.on())),
                // absolute, so that --resume and calibrate find it from any working folder
                new Data(data != null ? data.toAbsolutePath().normalize() : d.dir(), or(validation, d.validation()), or(limit, d.limit()),
                        extra(d), or(numbers, d.numbers())),
                p.structure(),
                views == null ? p.views() : views(views)).validate();
    }

    /** Flags that contradict each other, or do nothing with the others: refused rather than one silently ignored. */
    private void refuseContradictions(Recipe preset) {
        if (target != null && noTarget) throw new IllegalArgumentException("--target and --no-target contradict each other; give one");
        if (noAugment) {
            List<String> given = new ArrayList<>();
            Object[] values = {rotation, shift, scale, aspect, elastic, stroke, strokePixels, shear};
            String[] names = {"--rotation", "--shift", "--scale", "--aspect", "--elastic", "--stroke", "--stroke-pixels", "--shear"};
            for (int i = 0; i < names.length; i++) if (values[i] != null) given.add(names[i]);
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("--no-augment trains on the digits as they are; drop " + String.join(", ", given));
            }
        }
        int held = or(validation, preset.data().validation());
        if (earlyStopOn == Stopping.On.VALIDATION && held == 0) {
            throw new IllegalArgumentException("--early-stop-on validation needs a validation split; --validation 0 holds none out");
        }
        float strokeChance = or(stroke, preset.augmentation().distortions().strokeChance());
        if (strokePixels != null && strokeChance == 0) {
            throw new IllegalArgumentException("--stroke-pixels changes strokes only with --stroke above 0 (this recipe's is 0)");
        }
    }

    /** {@code --views}: {@link Views} checks the count; its message is put in the flag's name. */
    private static Views views(int n) {
        try {
            return new Views(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }

    private Set<Dataset> extra(Data preset) {
        if (extraData == null) return preset.extra();
        Set<Dataset> sets = EnumSet.noneOf(Dataset.class);
        for (String name : extraData) {
            Dataset set = Dataset.named(name.trim());
            if (set == null || set == Dataset.MNIST) {
                throw new IllegalArgumentException("--extra-data: unknown set '" + name + "' (expected usps)");
            }
            sets.add(set);
        }
        return sets;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
