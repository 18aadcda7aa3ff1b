package dev.digits.internal.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a file so that readers see either the old contents or the new, never a part. */
public final class AtomicWrite {

    /** What writes the contents. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicWrite() {}

    /**
     * Writes to a temporary file in the target's folder (created if missing, and then flushed into
     * its own parent), flushes it to the disk, then moves it over the target atomically and flushes
     * the folder: once this returns, a power cut leaves the new file whole, and files written after
     * it never survive without it. A symbolic link is written through to its file; a folder or a
     * device in the target's place is refused.
     */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        // a link is written through (the rename would put a plain file in its place), and a
        // folder or a device is never replaced by a file
        if (Files.isSymbolicLink(absolute) && Files.exists(absolute)) absolute = absolute.toRealPath();
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            throw new FileSystemException(absolute.toString(), null, "not a regular file (a folder or a device); not replaced");
        }
        Path dir = absolute.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (dir.getParent() != null) syncFolder(dir.getParent());
        }
        // not Files.createTempFile: its owner-only permissions would pass on to the target; the
        // name's first 48 characters, so that a target whose name is near the system's limit (255
        // bytes) gets a temporary name within it
        String name = absolute.getFileName().toString();
        Path tmp = dir.resolve("." + name.substring(0, Math.min(name.length(), 48)) + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            try (FileChannel file = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(file));
                body.writeTo(out);
                out.flush();
                file.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder(dir);
        } catch (FileSystemException e) {
            // named by the target, not by the temporary file the user never asked for
            throw tmp.toString().equals(e.getFile()) ? renamed(e, absolute) : e;
        } catch (IOException e) {
            throw new IOException(absolute + ": cannot be written (" + deepest(e) + ")", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // the error that brought us here, if any, is the one to report; a leftover .tmp is harmless
            }
        }
    }

    /**
     * The same error for {@code target}: its kind kept (the class for the kinds a temporary file
     * meets, which the command line puts in words; the reason for the others, such as no space).
     */
    private static FileSystemException renamed(FileSystemException e, Path target) {
        String t = target.toString();
        FileSystemException r = e instanceof AccessDeniedException ? new AccessDeniedException(t)
                : e instanceof NoSuchFileException ? new NoSuchFileException(t)
                : e instanceof FileAlreadyExistsException ? new FileAlreadyExistsException(t)
                : new FileSystemException(t, null, e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        r.initCause(e);
        return r;
    }

    /** The message of the innermost cause (ImageIO says "I/O error writing PNG file!" over "No space left on device"). */
    private static String deepest(Throwable e) {
        String m = e.getMessage();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) if (c.getMessage() != null) m = c.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Flushes a folder's entries (the rename) to the disk, where the system allows it (Linux and macOS do). */
    private static void syncFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a file; its renames are journalled by NTFS
        }
    }

    /**
     * Deletes the temporary files in {@code dir} of writes whose process was killed (a finished or
     * failed write removes its own). Only while nothing writes there.
     */
    public static void deleteLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(f)) Files.deleteIfExists(f);
            }
        }
    }

    /** Writes a string as UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
