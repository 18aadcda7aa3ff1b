package dev.digits.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The job's jar (built in {@code package}, so this runs in {@code integration-test}) carries Gson
 * renamed: a cluster's Spark puts its own jars ahead of the job's, and with Hive's Gson 2.2.4 first
 * (which cannot fill records) the unrenamed jar failed on every task ("Can not set final ...
 * Architecture.name"), measured with that Gson ahead on the class path in local mode.
 */
class ShadedJarIT {

    /** The shaded jar, named by the pom (tests run in the repository root). */
    static final Path JAR = Path.of(System.getProperty("mnist.spark.jar", "spark/target/mnist-spark.jar"));

    @Test
    void gsonIsRenamedAndEveryUserOfItPointsAtTheRenamedCopy() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("com/google/gson/"))).isEmpty();
            assertThat(jar.getEntry("dev/digits/shaded/gson/Gson.class")).isNotNull();
            for (String user : new String[] {"dev/digits/internal/run/ModelInfo.class", "ai/djl/util/JsonUtils.class"}) {
                String classFile = read(jar, user);
                assertThat(classFile).as(user).contains("dev/digits/shaded/gson/").doesNotContain("com/google/gson/");
            }
        }
    }

    private static String read(JarFile jar, String name) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
