package dev.digits.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled data is found from the project folder when the working directory lacks it (./mnist run from elsewhere). */
class BundledTest {

    @TempDir
    Path project;

    static final Path MISSING_HERE = Path.of("no-such-data-here", "mnist");

    @Test
    void aBundledFolderMissingHereIsTakenFromTheProject() throws Exception {
        Files.createDirectories(project.resolve(MISSING_HERE));
        assertThat(Bundled.locate(MISSING_HERE, MISSING_HERE, project.toString())).isEqualTo(project.resolve(MISSING_HERE));
    }

    @Test
    void otherFoldersAndFoldersPresentHereAreLeftAsGiven() throws Exception {
        Files.createDirectories(project.resolve(MISSING_HERE));
        // a folder the user named is the user's, even where the project has one of that name
        Path other = Path.of("no-such-data-here", "other");
        Files.createDirectories(project.resolve(other));
        assertThat(Bundled.locate(other, MISSING_HERE, project.toString())).isEqualTo(other);
        // no project named (tests, a library): the working directory
        assertThat(Bundled.locate(MISSING_HERE, MISSING_HERE, null)).isEqualTo(MISSING_HERE);
        // present here (the tests' working directory is the repository's root): kept relative
        assertThat(Bundled.locate(Mnist.BUNDLED, Mnist.BUNDLED, project.toString())).isEqualTo(Mnist.BUNDLED);
        // missing in both: left as given, so that the error names the folder the user knows
        assertThat(Bundled.locate(Usps.BUNDLED.resolveSibling("none"), Usps.BUNDLED.resolveSibling("none"), project.toString()))
                .isEqualTo(Usps.BUNDLED.resolveSibling("none"));
    }
}
