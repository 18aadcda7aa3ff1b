package dev.digits.internal.run;

import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.Views;
import dev.digits.internal.model.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ensemble as a model folder: each member's {@code model.json} and final weights copied into
 * {@code members/<n>/}, and a {@code model.json} that lists them, so the folder moves and loads
 * like any other (its probabilities are the mean of its members', over its test-time
 * {@link Views}). One member with several views is a model that reads each digit several times.
 */
public final class Ensemble {

    private Ensemble() {}

    /** Refuses a folder that would be one network read as it is: two members or more, or one with several views. */
    public static void requireMembers(int members, Views views) {
        if (members < 2 && views.count() == 1) {
            throw new IllegalArgumentException("an ensemble needs two or more run folders, or one with --views 5 or 9");
        }
    }

    /** Copies {@code members} into {@code out} (new or empty) and describes them; metrics are added once measured. */
    public static ModelInfo create(List<RunFolder> members, Views views, RunFolder out, String command) throws IOException {
        requireMembers(members.size(), views);
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> described = new ArrayList<>();
        ModelInfo first = null;
        long parameters = 0;
        for (int i = 0; i < members.size(); i++) {
            RunFolder from = members.get(i);
            ModelInfo info = from.readInfo();
            if (info.isEnsemble()) throw new ModelException(from + ": is itself an ensemble; give its members instead");
            if (first != null && !info.input().equals(first.input())) {
                throw new ModelException(from + ": normalised differently from " + members.get(0) + "; members must share one input contract");
            }
            if (!Files.isRegularFile(from.weights(Weights.MODEL))) {
                throw new ModelException(from + ": no weights file " + Weights.MODEL.fileName());
            }
            first = first == null ? info : first;
            parameters += info.parameters();
            String name = RunFolder.MEMBERS + "/" + (i + 1);
            // inside the ensemble's folder, which its writer holds: no claim (and no .lock) of their own
            RunFolder to = new RunFolder(Files.createDirectories(out.dir().resolve(name)));
            Files.copy(from.weights(Weights.MODEL), to.weights(Weights.MODEL), StandardCopyOption.COPY_ATTRIBUTES);
            to.writeInfo(info);
            names.add(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("folder", name);
            m.put("from", from.toString());
            m.put("architecture", info.architecture().toString());
            if (info.metrics() != null) m.put("test_accuracy", info.metrics().testAccuracy());
            if (info.command() != null) m.put("command", info.command());
            described.add(m);
        }
        InputContract input = first.input();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ensemble", "mean of the members' probabilities");
        config.put("members", described);
        if (views.count() > 1) config.put("test_time_views", views.count() + " (each digit also read moved by one pixel; probabilities averaged)");
        return new ModelInfo(first.architecture(), input.mean(), input.std(), config, null, Instant.now().toString(),
                parameters, command, names, null, views.count() == 1 ? null : views.count(), null);
    }
}
