package dev.digits.internal.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.digits.internal.data.Distortions;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.io.Json;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.Family;
import dev.digits.internal.model.Precision;
import dev.digits.internal.model.Views;
import dev.digits.internal.train.Recipe.Annealing;
import dev.digits.internal.train.Recipe.Augmentation;
import dev.digits.internal.train.Recipe.Data;
import dev.digits.internal.train.Recipe.Optimiser;
import dev.digits.internal.train.Recipe.Stopping;
import dev.digits.internal.train.Recipe.Structure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link Recipe} as config.json holds it, and back: the keys are those of earlier runs, and a key
 * added later is written only when its value is not the default, so that older configs read back.
 */
final class RecipeConfig {

    private RecipeConfig() {}

    /** {@link Augmentation#describe()}'s sentence, read back. */
    private static final Pattern AUGMENT = Pattern.compile("rotation \\+-([^ ,]+) deg, shift \\+-([^ ,]+)"
            + "(?:, scale \\+-([^ ,]+))?(?:, aspect \\+-([^ ,]+))?(?:, elastic alpha ([^ ,]+) sigma ([^ ,]+))?"
            + "(?:, stroke width changed in ([^ ,]+) of images(?: by up to (\\d) px)?)?(?:, slant \\+-([^ ,]+))?");

    /**
     * The recipe that {@link #toMap()} wrote as {@code config}, for {@code train --resume}. The
     * schedule's unused constants (T_max of one-cycle, warm-up of cosine) are the preset's. The recipe read must write {@code config} back exactly, else this
     * is not a config.json this version wrote: an {@link IllegalArgumentException} names the keys.
     */
    static Recipe read(JsonObject config) {
        try {
            Preset preset = Preset.valueOf(config.get("preset").getAsString().toUpperCase(Locale.ROOT));
            Recipe p = preset.recipe();
            String schedule = config.get("schedule").getAsString();
            Annealing.Kind kind = schedule.startsWith("cosine") ? Annealing.Kind.COSINE
                    : schedule.equals("constant") ? Annealing.Kind.CONSTANT : Annealing.Kind.ONECYCLE;
            Matcher augment = AUGMENT.matcher(config.get("augment").getAsString());
            JsonElement target = config.get("target");
            Recipe r = new Recipe(preset, Family.valueOf(config.get("arch").getAsString().toUpperCase(Locale.ROOT)),
                    config.get("width").getAsInt(), config.get("batch_size").getAsInt(), config.get("seed").getAsLong(),
                    Precision.parse(config.get("precision").getAsString()),
                    new Optimiser(config.get("lr").getAsDouble(), config.get("weight_decay").getAsDouble(),
                            config.get("label_smoothing").getAsDouble(), config.get("optimizer").getAsString().startsWith("SGD")
                                    ? Optimiser.Kind.SGD : Optimiser.Kind.ADAMW,
                            config.has("ema") ? config.get("ema").getAsDouble() : 0),
                    new Annealing(kind, (int) number(between(schedule, "cosine (T_max ", ","), p.annealing().tMax()),
                            warmup(between(schedule, "one-cycle (warm-up ", ")"), p.annealing().warmup())),
                    augment.matches() ? augmentation(augment) : Augmentation.NONE,
                    new Stopping(config.get("epochs").getAsInt(),
                            target.getAsJsonPrimitive().isNumber() ? target.getAsDouble() : Double.NaN,
                            Stopping.On.valueOf(config.get("early_stop_on").getAsString().toUpperCase(Locale.ROOT))),
                    new Data(Path.of(config.get("data").getAsString()), config.get("validation").getAsInt(),
                            config.get("limit").getAsInt(), extra(config.get("extra_data")),
                            config.has("numbers") ? config.get("numbers").getAsInt() : 0),
                    structure(config),
                    config.has("test_time_views") ? new Views(config.get("test_time_views").getAsInt()) : Views.ONE);
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
                number(m.group(7), 0), m.group(8) == null ? 1 : Integer.parseInt(m.group(8)), number(m.group(9), 0)));
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

    /** The keys {@link #toMap()} writes for a {@link Structure} other than the whole network's; none in older configs. */
    private static Structure structure(JsonObject config) {
        Set<Architecture.Removed> removed = EnumSet.noneOf(Architecture.Removed.class);
        if (config.has("removed")) {
            for (JsonElement part : config.getAsJsonArray("removed")) {
                removed.add(Architecture.Removed.valueOf(part.getAsString().toUpperCase(Locale.ROOT)));
            }
        }
        return new Structure(config.has("blocks") ? config.get("blocks").getAsInt() : null,
                config.has("shortcut_dropout") ? config.get("shortcut_dropout").getAsFloat() : null, removed);
    }

    private static double warmup(String text, double absent) {
        return text == null ? absent : Double.parseDouble(text);
    }

    private static float number(String group, float absent) {
        return group == null ? absent : Float.parseFloat(group);
    }

    /** The recipe as a flat map, for config.json, model.json and reports (the keys are those of earlier runs). */
    static Map<String, Object> write(Recipe r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", r.preset().toString());
        m.put("arch", r.family().toString());
        m.put("width", r.width());
        m.put("architecture", r.architecture().toString());
        m.put("epochs", r.stopping().epochs());
        m.put("batch_size", r.batchSize());
        // written only when set, so that configs from before the keys read back unchanged
        if (r.structure().blocks() != null) m.put("blocks", r.structure().blocks());
        if (r.structure().dropout() != null) m.put("shortcut_dropout", r.structure().dropout());
        if (!r.structure().removed().isEmpty()) m.put("removed", r.structure().removed().stream().map(part -> part.name().toLowerCase(Locale.ROOT)).toList());
        m.put("optimizer", r.optimiser().kind().toString());
        m.put("lr", r.optimiser().lr());
        m.put("weight_decay", r.optimiser().weightDecay());
        m.put("schedule", switch (r.annealing().kind()) {
            case COSINE -> "cosine (T_max " + r.annealing().tMax() + ", per epoch)";
            case ONECYCLE -> "one-cycle (warm-up " + r.annealing().warmup() + ")";
            case CONSTANT -> "constant";
        });
        m.put("label_smoothing", r.optimiser().labelSmoothing());
        if (r.optimiser().averages()) m.put("ema", r.optimiser().ema()); // written only when used, as extra_data
        m.put("augment", r.augmentation().describe());
        m.put("seed", r.seed());
        m.put("target", r.stopping().hasTarget() ? r.stopping().target() : "none");
        m.put("early_stop_on", r.stopping().on().toString());
        m.put("validation", r.data().validation());
        m.put("limit", r.data().limit());
        m.put("data", r.data().dir().toString());
        // written only when used, so that configs from before the key read back unchanged
        if (!r.data().extra().isEmpty()) m.put("extra_data", r.data().extra().stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList());
        if (r.data().numbers() > 0) m.put("numbers", r.data().numbers());
        m.put("precision", r.precision().toString());
        if (r.views().count() > 1) m.put("test_time_views", r.views().count()); // written only when used, as extra_data
        return m;
    }
}
