package dev.digits.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.model.Architecture;
import dev.digits.internal.train.Preset;
import dev.digits.internal.train.Recipe;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each experiment's variants are the base recipe with exactly the change it names. */
class PlanTest {

    static Settings settings(Experiment e, List<Integer> values) {
        return new Settings(e, Preset.FAST, null, null, null, null, values, false, Set.of());
    }

    static Variant variant(Plan plan, String name) {
        return plan.variants().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void batchSizesHoldOrScaleTheRateAndTheBaseBatchRunsOnce() {
        Recipe base = Preset.FAST.recipe();
        Plan plan = settings(Experiment.BATCH_SIZE, List.of(32)).plan();
        assertThat(plan.variants()).extracting(Variant::name).containsExactly("batch-32-lr-held", "batch-32-lr-scaled",
                "batch-64-lr-held", "batch-64-lr-scaled", "batch-128", "batch-256-lr-held", "batch-256-lr-scaled");
        assertThat(variant(plan, "batch-128").recipe()).isEqualTo(base);
        Recipe held = variant(plan, "batch-256-lr-held").recipe();
        Recipe scaled = variant(plan, "batch-256-lr-scaled").recipe();
        assertThat(held.batchSize()).isEqualTo(256);
        assertThat(held.optimiser()).isEqualTo(base.optimiser());
        assertThat(scaled.optimiser().lr()).isEqualTo(base.optimiser().lr() * 2);
        assertThat(plan.claims()).hasSize(6).allSatisfy(c -> assertThat(c.better()).isEqualTo("batch-128"));
    }

    @Test
    void eachAblationChangesOneThing() {
        Recipe base = Preset.FAST.recipe();
        Plan plan = settings(Experiment.ABLATION, List.of()).plan();
        assertThat(plan.variants()).hasSize(8);
        assertThat(variant(plan, "full").recipe()).isEqualTo(base);
        assertThat(variant(plan, "no-residual").recipe().architecture().has(Architecture.Removed.SHORTCUTS)).isFalse();
        assertThat(variant(plan, "no-batchnorm-lr-tenth").recipe().optimiser().lr()).isEqualTo(base.optimiser().lr() / 10);
        assertThat(variant(plan, "no-augmentation").recipe().augmentation().any()).isFalse();
        assertThat(variant(plan, "sgd-momentum").recipe().optimiser().kind()).isEqualTo(Recipe.Optimiser.Kind.SGD);
        assertThat(variant(plan, "constant-lr").recipe().annealing().kind()).isEqualTo(Recipe.Annealing.Kind.CONSTANT);
        assertThat(variant(plan, "no-shortcut-dropout").recipe().architecture().dropout()).isZero();
        for (Variant v : plan.variants()) {
            // one group differs from the base's; the rest of the map is the same
            long differ = base.toMap().entrySet().stream().filter(e -> !e.getValue().equals(v.recipe().toMap().get(e.getKey()))).count();
            assertThat(differ).as(v.name()).isLessThanOrEqualTo(v.name().equals("no-batchnorm-lr-tenth") ? 2 : 1);
        }
        for (Claim c : plan.claims()) assertThat(plan.variants()).extracting(Variant::name).contains(c.better(), c.worse());
    }

    @Test
    void depthPairsPlainAndResidualAndLogsGradientsOfTheDeepest() {
        Plan plan = settings(Experiment.DEPTH, List.of()).plan();
        assertThat(plan.variants()).extracting(Variant::name).containsExactly("plain-1", "residual-1", "plain-2", "residual-2",
                "plain-4", "residual-4", "plain-8", "residual-8");
        assertThat(plan.variants()).filteredOn(Variant::logGradients).extracting(Variant::name).containsExactly("plain-8", "residual-8");
        assertThat(variant(plan, "plain-8").recipe().architecture().blocks()).isEqualTo(8);
    }

    @Test
    void quickTrainsOnASubsetWithItsOwnValidationSplitAndTheSeedsFollowThePresets() {
        Settings quick = new Settings(Experiment.ABLATION, Preset.FAST, null, null, null, null, List.of(), true, Set.of());
        assertThat(quick.base().data().limit()).isEqualTo(Settings.QUICK_LIMIT);
        assertThat(quick.base().data().validation()).isEqualTo(Settings.QUICK_LIMIT / 10);
        assertThat(quick.base().stopping().epochs()).isEqualTo(Settings.QUICK_EPOCHS);
        assertThat(quick.seedList()).containsExactly(42L, 43L);
        assertThat(settings(Experiment.ABLATION, List.of()).seedList()).containsExactly(42L, 43L, 44L);
        assertThat(quick.defaultFolder()).hasToString("runs/experiments/ablation-fast-w16-e1-limit2000");
    }

    @Test
    void wrongValuesAndNamesAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> settings(Experiment.ABLATION, List.of(3)).plan()).hasMessageStartingWith("--values applies to");
        assertThatThrownBy(() -> settings(Experiment.DEPTH, List.of(0)).plan()).hasMessageContaining("blocks per stage");
        assertThatThrownBy(() -> Experiment.named("width")).hasMessageContaining("expected batch-size, ablation or depth");
        assertThatThrownBy(() -> settings(Experiment.DEPTH, List.of()).plan().only(Set.of("plain-3")))
                .hasMessageStartingWith("--only: no variant 'plain-3'");
    }
}
