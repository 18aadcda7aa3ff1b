package dev.digits.train;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The folder a run writes into; a second run never overwrites the first. */
public final class RunFolder {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolder() {}

    /** A new folder {@code runs/<timestamp>[-n]} under {@code parent}. */
    public static Path createTimestamped(Path parent) throws IOException {
        Files.createDirectories(parent);
        String stamp = LocalDateTime.now().format(STAMP);
        for (int n = 1; ; n++) {
            Path dir = parent.resolve(n == 1 ? stamp : stamp + "-" + n);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier run this second: try the next suffix
            }
        }
    }

    /** {@code dir} itself, which must be new or empty. */
    public static Path createExact(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(dir + " already holds files; refusing to overwrite an earlier run");
                }
            }
            return dir;
        }
        if (Files.exists(dir)) throw new IOException(dir + " exists and is not a folder");
        return Files.createDirectories(dir);
    }
}
