package dev.digits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.run.ModelInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelDescriptionTest {

    @Test
    void theApiShowsNoLocalPathOfTheRecipeAnImportOrAnEnsemblesMembers() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", "/home/someone/mnist");
        config.put("imported_from", "/home/someone/model.safetensors");
        config.put("ensemble", "mean of the members' probabilities");
        config.put("members", List.of(Map.of("folder", "members/1", "from", "/home/someone/runs/a",
                "command", "mnist train --out /home/someone/runs/a", "architecture", "fast")));
        ModelInfo info = new ModelInfo(Architecture.fast(16), 0.1307f, 0.3081f, config, null, "2026-12-01T00:00:00Z", 1,
                "mnist ensemble /home/someone/runs/a", List.of("members/1"), null, 5, null);

        String json = new Gson().toJson(ModelDescription.of(info).details());

        assertThat(json).doesNotContain("/home/someone").contains("members/1", "\"architecture\":\"fast\"", "mean of the members");
    }
}
