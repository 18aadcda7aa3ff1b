package dev.digits.internal.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting a folder with what it holds: the JDK deletes only empty ones. */
public final class Folders {

    private Folders() {}

    /**
     * Deletes {@code dir} and everything under it, if it exists; a symbolic link in it is deleted,
     * never followed.
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** {@link #deleteTree}, for a cleanup that must not hide the error that caused it: a failure is added to {@code cause}. */
    public static void deleteTree(Path dir, Throwable cause) {
        try {
            deleteTree(dir);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
