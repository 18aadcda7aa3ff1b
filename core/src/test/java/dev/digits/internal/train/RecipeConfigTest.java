package dev.digits.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.io.Json;
import dev.digits.internal.model.Family;
import dev.digits.internal.model.Precision;
import dev.digits.internal.train.Recipe.Annealing;
import dev.digits.internal.train.Recipe.Augmentation;
import dev.digits.internal.train.Recipe.Data;
import dev.digits.internal.train.Recipe.Optimiser;
import dev.digits.internal.train.Recipe.Stopping;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** config.json reads back into the recipe that wrote it, which is what train --resume trains on. */
class RecipeConfigTest {

    static JsonObject written(Recipe r) {
        return JsonParser.parseString(Json.FILE.toJson(r.toMap())).getAsJsonObject();
    }

    @Test
    void everyPresetAndFlagsOverItReadBackAsTheSameRecipe() {
        Recipe fast = Preset.FAST.recipe();
        Recipe report = Preset.REPORT.recipe();
        List<Recipe> recipes = List.of(fast, report, Preset.BEST.recipe(),
                new Recipe(Preset.BEST, Family.FAST, 48, 128, 5, Precision.FP32, fast.optimiser(), fast.annealing(),
                        new Augmentation(8, 0.08f, new dev.digits.internal.data.Distortions(0, 0.1f, 0, 4, 0.5f)),
                        fast.stopping(), fast.data()),
                new Recipe(Preset.BEST, Family.FAST, 32, 128, 6, Precision.FP32, fast.optimiser(), fast.annealing(),
                        new Augmentation(10, 0.1f, new dev.digits.internal.data.Distortions(0.12f, 0.12f, 30, 5, 0.3f, 2, 0)),
                        fast.stopping(), fast.data()),
                new Recipe(Preset.BEST, Family.FAST, 32, 128, 7, Precision.FP32, fast.optimiser(), fast.annealing(),
                        new Augmentation(10, 0.1f, new dev.digits.internal.data.Distortions(0.12f, 0.12f, 30, 5, 0.2f, 1, 0.3f)),
                        fast.stopping(), fast.data()),
                new Recipe(Preset.FAST, Family.FAST, 16, 128, 8, Precision.FP32, fast.optimiser(), fast.annealing(),
                        new Augmentation(8, 0.08f, new dev.digits.internal.data.Distortions(0, 0, 0, 4, 0, 1, 0.25f)),
                        fast.stopping(), fast.data()),
                new Recipe(Preset.FAST, Family.REPORT, 32, 64, 1234567890123456789L, Precision.BF16,
                        new Optimiser(0.0031, 0.05, 0.2), new Annealing(Annealing.Kind.COSINE, 10, 0.25),
                        Augmentation.NONE, new Stopping(7, 98.75, Stopping.On.TEST), new Data(Path.of("/data/fashion"), 0, 1200)),
                new Recipe(Preset.REPORT, Family.FAST, 16, 128, 3, Precision.FP32, report.optimiser(),
                        new Annealing(Annealing.Kind.ONECYCLE, 10, 0), new Augmentation(12.5f, 0.07f),
                        new Stopping(2, Double.NaN, Stopping.On.VALIDATION), new Data(Mnist.BUNDLED, 500, 3000)),
                new Recipe(Preset.BEST, Family.FAST, 32, 128, 9, Precision.FP32, fast.optimiser(), fast.annealing(),
                        fast.augmentation(), fast.stopping(),
                        new Data(Mnist.BUNDLED, 5000, 0, java.util.Set.of(dev.digits.internal.eval.Dataset.USPS))),
                new Recipe(Preset.BEST, Family.FAST, 32, 128, 9, Precision.FP32, fast.optimiser(), fast.annealing(),
                        fast.augmentation(), fast.stopping(),
                        new Data(Mnist.BUNDLED, 5000, 0, java.util.Set.of(dev.digits.internal.eval.Dataset.USPS), 5000)),
                new Recipe(Preset.BEST, Family.FAST, 32, 128, 10, Precision.BF16, fast.optimiser().withEma(0.999), fast.annealing(),
                        fast.augmentation(), fast.stopping(), fast.data()).withViews(new dev.digits.internal.model.Views(9)));
        for (Recipe r : recipes) {
            assertThat(Recipe.fromConfig(written(r))).isEqualTo(r);
        }
    }

    @Test
    void extraTrainingDataIsWrittenOnlyWhenUsedSoOlderConfigsReadBack() {
        assertThat(written(Preset.BEST.recipe()).has("extra_data")).isFalse();
        Recipe best = Preset.BEST.recipe();
        Recipe withUsps = new Recipe(best.preset(), best.family(), best.width(), best.batchSize(), best.seed(), best.precision(),
                best.optimiser(), best.annealing(), best.augmentation(), best.stopping(),
                new Data(Mnist.BUNDLED, 5000, 0, java.util.Set.of(dev.digits.internal.eval.Dataset.USPS)));
        assertThat(written(withUsps).get("extra_data").toString()).isEqualTo("[\"usps\"]");
        assertThat(written(withUsps).has("numbers")).isFalse();
        Recipe withNumbers = new Recipe(best.preset(), best.family(), best.width(), best.batchSize(), best.seed(), best.precision(),
                best.optimiser(), best.annealing(), best.augmentation(), best.stopping(),
                new Data(Mnist.BUNDLED, 5000, 0, java.util.Set.of(dev.digits.internal.eval.Dataset.USPS), 300));
        assertThat(written(withNumbers).get("numbers").getAsInt()).isEqualTo(300);
        assertThatThrownBy(() -> new Data(Mnist.BUNDLED, 5000, 0, java.util.Set.of(), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--numbers must be 0 to 10000, got -1");
        assertThatThrownBy(() -> new Data(Mnist.BUNDLED, 5000, 0, java.util.Set.of(), 10_001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--numbers must be 0 to 10000, got 10001");
        assertThatThrownBy(() -> new Data(Mnist.BUNDLED, 0, 0, java.util.Set.of(dev.digits.internal.eval.Dataset.MNIST)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MNIST is the main set");
    }

    @Test
    void anExperimentsChangesReadBackAndAWholeRecipeWritesNoneOfTheirKeys() {
        Recipe f = Preset.FAST.recipe();
        Recipe ablated = new Recipe(f.preset(), f.family(), 16, 64, 43, f.precision(), new Optimiser(8e-3, 0.01, 0.1, Optimiser.Kind.SGD),
                new Annealing(Annealing.Kind.CONSTANT, 10, 0.25), f.augmentation(), f.stopping(), f.data(),
                new Recipe.Structure(8, 0f, java.util.EnumSet.allOf(dev.digits.internal.model.Architecture.Removed.class)));
        JsonObject config = written(ablated);
        assertThat(Recipe.fromConfig(config)).isEqualTo(ablated);
        assertThat(config.get("architecture").getAsString()).endsWith("blocks=8, shortcut dropout 0.0, no shortcuts, no batch norm)");
        assertThat(config.get("optimizer").getAsString()).isEqualTo("SGD (momentum 0.9)");
        for (Preset p : Preset.values()) {
            JsonObject whole = written(p.recipe());
            assertThat(whole.has("blocks") || whole.has("shortcut_dropout") || whole.has("removed")).isFalse();
            assertThat(whole.has("ema")).isEqualTo(p.recipe().optimiser().ema() > 0);
            assertThat(whole.has("test_time_views")).isEqualTo(p.recipe().views().count() > 1);
            assertThat(whole.get("optimizer").getAsString()).isEqualTo("AdamW");
        }
    }

    @Test
    void aConfigThisVersionDidNotWriteIsRefusedNamingTheKey() {
        JsonObject edited = written(Preset.FAST.recipe());
        edited.addProperty("schedule", "linear");
        assertThatThrownBy(() -> Recipe.fromConfig(edited)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read schedule");
        JsonObject missing = written(Preset.FAST.recipe());
        missing.remove("seed");
        assertThatThrownBy(() -> Recipe.fromConfig(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a key is missing or malformed");
    }
}
