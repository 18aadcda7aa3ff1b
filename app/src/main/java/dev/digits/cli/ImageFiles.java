package dev.digits.cli;

import dev.digits.internal.infer.ImageException;
import dev.digits.internal.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Parameters;

/**
 * The image files of {@code predict} and {@code read}, and their one rule for a file that fails:
 * it is reported on stderr (and as a JSON line with {@code --json}), the other files still run,
 * and the exit code is 1.
 */
final class ImageFiles {

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (- for standard input).",
            converter = StandardInputDash.class)
    List<Path> images;

    /** A file name, or - for standard input, read as /dev/stdin (the decoder reads a pipe from its bytes). */
    static final class StandardInputDash implements picocli.CommandLine.ITypeConverter<Path> {
        static final Path STDIN = Path.of("/dev/stdin");

        @Override
        public Path convert(String value) {
            return value.equals("-") ? STDIN : Path.of(value);
        }
    }

    /** The JSON line of a file that failed: {"file":..,"error":..}, in that order. */
    record Failed(String file, String error) {}

    /** A command's answer for one file: the line it prints. */
    interface Answer {
        String of(Path file) throws IOException;
    }

    /**
     * Refuses, before any work, a {@code dir} that is a file, and inputs of one name (a/1.png and
     * b/1.png) that would both write {@code dir/<name><suffix>}, the second over the first.
     */
    void requireDistinctNames(String option, Path dir, String suffix) {
        Main.requireFolder(option, dir);
        Set<Path> names = new HashSet<>();
        for (Path file : images) {
            if (!names.add(file.getFileName())) {
                throw new IllegalArgumentException(option + ": two inputs are named " + file.getFileName()
                        + " and would both write " + dir.resolve(file.getFileName() + suffix)
                        + "; run them separately or rename one");
            }
        }
    }

    /** Prints {@code answer} for each file in turn; 0 when every file was read, else 1. */
    /** Refuses, before any work (the model not yet loaded), standard input named twice: the second would read nothing. */
    void requireStandardInputOnce() {
        if (images.stream().filter(StandardInputDash.STDIN::equals).count() > 1) {
            throw new IllegalArgumentException("standard input (- or /dev/stdin) is given twice: it holds one picture");
        }
    }

    int each(boolean json, Answer answer) throws IOException {
        int failed = 0;
        for (Path file : images) {
            try {
                System.out.println(answer.of(file));
            } catch (ImageException e) {
                failed++;
                if (json) System.out.println(Json.WIRE.toJson(new Failed(file.toString(), e.getMessage())));
                // the file named once: some messages begin with it already ("x.png: no such file")
                System.err.println("error: " + (e.getMessage().startsWith(file + ": ") ? "" : file + ": ") + e.getMessage());
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
