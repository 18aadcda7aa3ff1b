package dev.digits.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's promise (issue 15): {@code dev.digits.api} is the API, everything else is in
 * {@code dev.digits.internal} and free to change. Checked on the compiled classes, so a new
 * package outside the two, or an API method that hands out an internal type, fails here.
 */
class ApiBoundaryTest {

    private static final Path CLASSES = classesRoot();

    @Test
    void everyClassOfTheLibraryIsInTheApiOrInternal() throws IOException {
        List<String> outside = new ArrayList<>();
        for (String name : classNames()) {
            if (!name.startsWith("dev.digits.api.") && !name.startsWith("dev.digits.internal.")) outside.add(name);
        }
        assertThat(classNames()).contains("dev.digits.api.DigitModel", "dev.digits.internal.read.NumberReader");
        assertThat(outside).as("classes outside dev.digits.api and dev.digits.internal").isEmpty();
    }

    @Test
    void theApiHandsOutNoInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (String name : classNames()) {
            if (!name.startsWith("dev.digits.api.")) continue;
            Class<?> type = Class.forName(name);
            if (!Modifier.isPublic(type.getModifiers())) continue;
            for (Method m : type.getMethods()) {
                if (m.getDeclaringClass() == Object.class || m.getDeclaringClass() == Record.class) continue;
                check(m.getGenericReturnType(), name + "." + m.getName() + " returns", leaks);
                for (Type p : m.getGenericParameterTypes()) check(p, name + "." + m.getName() + " takes", leaks);
            }
            if (type.isRecord()) {
                for (RecordComponent rc : type.getRecordComponents()) check(rc.getGenericType(), name + "." + rc.getName(), leaks);
            }
        }
        assertThat(leaks).as("internal types in the public API").isEmpty();
    }

    private static void check(Type t, String where, List<String> leaks) {
        if (t instanceof ParameterizedType p) {
            check(p.getRawType(), where, leaks);
            for (Type a : p.getActualTypeArguments()) check(a, where, leaks);
        } else if (t instanceof Class<?> c) {
            Class<?> base = c;
            while (base.isArray()) base = base.getComponentType();
            if (base.getName().startsWith("dev.digits.internal.")) leaks.add(where + " " + base.getName());
        }
    }

    /** Every top-level class compiled from core's main sources. */
    private static List<String> classNames() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            return files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                    .filter(f -> !f.getFileName().toString().equals("package-info.class"))
                    .map(f -> CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .sorted().toList();
        }
    }

    private static Path classesRoot() {
        try {
            return Path.of(DigitModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
