package dev.digits.spark;

import dev.digits.api.DigitModel;
import dev.digits.internal.io.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One loaded model per JVM (per executor) and bundle, made on first use and shared by the tasks and
 * threads that JVM runs (a {@link DigitModel} is thread-safe): loading is paid once per executor,
 * not once per image or task. Closed, and its unpacked folder deleted, when the JVM exits.
 */
final class Models {

    private static final Map<String, DigitModel> LOADED = new HashMap<>();

    private Models() {}

    static synchronized DigitModel of(ModelBundle bundle) {
        DigitModel model = LOADED.get(bundle.id());
        if (model != null) return model;
        Path dir;
        try {
            dir = Files.createTempDirectory("mnist-model-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for the model: " + e.getMessage(), e);
        }
        DigitModel loaded;
        try {
            loaded = DigitModel.load(bundle.unpack(dir));
        } catch (RuntimeException e) {
            Folders.deleteTree(dir, e); // or every retry of the task leaves another folder
            throw e;
        }
        LOADED.put(bundle.id(), loaded);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loaded.close();
            delete(dir);
        }, "mnist-model-close"));
        return loaded;
    }

    /** How many models this JVM has loaded (one per bundle). */
    static synchronized int loaded() {
        return LOADED.size();
    }

    private static void delete(Path dir) {
        try {
            Folders.deleteTree(dir);
        } catch (IOException | RuntimeException e) {
            // a temporary folder left behind; nothing else to do at exit
        }
    }
}
