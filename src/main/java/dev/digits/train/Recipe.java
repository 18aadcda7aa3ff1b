package dev.digits.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.digits.data.Augmenter;
import dev.digits.data.Distortions;
import dev.digits.eval.Dataset;
import dev.digits.io.Json;
import dev.digits.model.Architecture;
import dev.digits.model.Family;
import dev.digits.model.InputContract;
import dev.digits.model.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        Data data) {

    /** AdamW (PyTorch's defaults but the rate and decay) and the loss it minimises. */
    public record Optimiser(double lr, double weightDecay, double labelSmoothing) {}

    /** How the learning rate moves: {@code lr} is the cosine's base, or the one-cycle's peak. */
    public record Annealing(Kind kind, int tMax, double warmup) {
        public enum Kind {
            /** PyTorch's CosineAnnealingLR stepped per epoch, as the report does (tMax epochs). */
            COSINE,
            /** PyTorch's OneCycleLR, stepped per batch, warming up over the first {@code warmup} of the steps. */
            ONECYCLE;

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
            if (d.strokeChance() != 0) s += ", stroke width changed in " + d.strokeChance() + " of images";
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
     * well (never their test split; the validation and test sets stay MNIST's).
     */
    public record Data(Path dir, int validation, int limit, Set<Dataset> extra) {
        public Data {
            extra = extra.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(extra));
            if (extra.contains(Dataset.MNIST)) throw new IllegalArgumentException("--extra-data: MNIST is the main set; name others (usps)");
        }

        public Data(Path dir, int validation, int limit) {
            this(dir, validation, limit, Set.of());
        }
    }

    public Architecture architecture() {
        return family.at(width);
    }

    public Schedule schedule() {
        return switch (annealing.kind()) {
            case COSINE -> Schedule.cosine(optimiser.lr(), annealing.tMax(), 0);
            case ONECYCLE -> Schedule.oneCycle(optimiser.lr(), stopping.epochs(), annealing.warmup());
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
        require(data.limit() >= 0, "--limit must not be negative, got " + data.limit());
        require(data.validation() >= 0, "--validation must not be negative, got " + data.validation());
        require(data.limit() == 0 || data.validation() == 0 || data.limit() > data.validation(),
                "--limit " + data.limit() + " leaves no training images beside the " + data.validation()
                        + " held out for validation: raise --limit, lower --validation, or give --validation 0"
                        + " (the test set then chooses the model)");
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** {@link Augmentation#describe()}'s sentence, read back. */
    private static final Pattern AUGMENT = Pattern.compile("rotation \\+-([^ ,]+) deg, shift \\+-([^ ,]+)"
            + "(?:, scale \\+-([^ ,]+))?(?:, aspect \\+-([^ ,]+))?(?:, elastic alpha ([^ ,]+) sigma ([^ ,]+))?"
            + "(?:, stroke width changed in ([^ ,]+) of images)?");

    /**
     * The recipe that {@link #toMap()} wrote as {@code config}, for {@code train --resume}. The
     * schedule's unused constants (T_max of one-cycle, warm-up of cosine) are the preset's. The recipe read must write {@code config} back exactly, else this
     * is not a config.json this version wrote: an {@link IllegalArgumentException} names the keys.
     */
    public static Recipe fromConfig(JsonObject config) {
        try {
            Preset preset = Preset.valueOf(config.get("preset").getAsString().toUpperCase(Locale.ROOT));
            Recipe p = preset.recipe();
            String schedule = config.get("schedule").getAsString();
            Annealing.Kind kind = schedule.startsWith("cosine") ? Annealing.Kind.COSINE : Annealing.Kind.ONECYCLE;
            Matcher augment = AUGMENT.matcher(config.get("augment").getAsString());
            JsonElement target = config.get("target");
            Recipe r = new Recipe(preset, Family.valueOf(config.get("arch").getAsString().toUpperCase(Locale.ROOT)),
                    config.get("width").getAsInt(), config.get("batch_size").getAsInt(), config.get("seed").getAsLong(),
                    Precision.parse(config.get("precision").getAsString()),
                    new Optimiser(config.get("lr").getAsDouble(), config.get("weight_decay").getAsDouble(),
                            config.get("label_smoothing").getAsDouble()),
                    new Annealing(kind, (int) number(between(schedule, "cosine (T_max ", ","), p.annealing().tMax()),
                            warmup(between(schedule, "one-cycle (warm-up ", ")"), p.annealing().warmup())),
                    augment.matches() ? augmentation(augment) : Augmentation.NONE,
                    new Stopping(config.get("epochs").getAsInt(),
                            target.getAsJsonPrimitive().isNumber() ? target.getAsDouble() : Double.NaN,
                            Stopping.On.valueOf(config.get("early_stop_on").getAsString().toUpperCase(Locale.ROOT))),
                    new Data(Path.of(config.get("data").getAsString()), config.get("validation").getAsInt(),
                            config.get("limit").getAsInt(), extra(config.get("extra_data"))));
            JsonObject again = Json.FILE.toJsonTree(r.toMap()).getAsJsonObject();
            if (!again.equals(config)) {
                List<String> differ = new ArrayList<>();
                for (String k : config.keySet()) if (!config.get(k).equals(again.get(k))) differ.add(k);
                for (String k : again.keySet()) if (!config.has(k)) differ.add(k);
                throw new IllegalArgumentException("cannot read " + String.join(", ", differ));
            }
            return r.validate();
        } catch (NullPointerException | IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException("a key is missing or malformed (" + e.getMessage() + ")", e);
        }
    }

    private static Augmentation augmentation(Matcher m) {
        return new Augmentation(Float.parseFloat(m.group(1)), Float.parseFloat(m.group(2)), new Distortions(
                number(m.group(3), 0), number(m.group(4), 0), number(m.group(5), 0), number(m.group(6), Distortions.NONE.elasticSigma()),
                number(m.group(7), 0)));
    }

    /** The text between {@code from} and {@code to}, or null: the round trip below then names the key. */
    private static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        int j = i < 0 ? -1 : s.indexOf(to, i + from.length());
        return j < 0 ? null : s.substring(i + from.length(), j);
    }

    /** {@code extra_data}'s list ("usps"), or none when the key is absent (configs written before it). */
    private static Set<Dataset> extra(JsonElement names) {
        Set<Dataset> sets = EnumSet.noneOf(Dataset.class);
        if (names == null) return sets;
        for (JsonElement n : names.getAsJsonArray()) {
            Dataset d = Dataset.named(n.getAsString());
            if (d == null) throw new IllegalArgumentException("unknown extra_data " + n);
            sets.add(d);
        }
        return sets;
    }

    private static double warmup(String text, double absent) {
        return text == null ? absent : Double.parseDouble(text);
    }

    private static float number(String group, float absent) {
        return group == null ? absent : Float.parseFloat(group);
    }

    /** The recipe as a flat map, for config.json, model.json and reports (the keys are those of earlier runs). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", preset.toString());
        m.put("arch", family.toString());
        m.put("width", width);
        m.put("architecture", architecture().toString());
        m.put("epochs", stopping.epochs());
        m.put("batch_size", batchSize);
        m.put("optimizer", "AdamW");
        m.put("lr", optimiser.lr());
        m.put("weight_decay", optimiser.weightDecay());
        m.put("schedule", annealing.kind() == Annealing.Kind.COSINE
                ? "cosine (T_max " + annealing.tMax() + ", per epoch)" : "one-cycle (warm-up " + annealing.warmup() + ")");
        m.put("label_smoothing", optimiser.labelSmoothing());
        m.put("augment", augmentation.describe());
        m.put("seed", seed);
        m.put("target", stopping.hasTarget() ? stopping.target() : "none");
        m.put("early_stop_on", stopping.on().toString());
        m.put("validation", data.validation());
        m.put("limit", data.limit());
        m.put("data", data.dir().toString());
        // written only when used, so that configs from before the key read back unchanged
        if (!data.extra().isEmpty()) m.put("extra_data", data.extra().stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList());
        m.put("precision", precision.toString());
        return m;
    }
}
