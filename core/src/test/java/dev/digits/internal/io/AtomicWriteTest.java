package dev.digits.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {

    @TempDir
    Path dir;

    @Test
    void aFailedWriteNamesTheTargetAndItsCauseAndLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path target = Files.writeString(dir.resolve("confusion.png"), "old");
        // as ImageIO fails on a full disk: its own words over the system's
        assertThatThrownBy(() -> AtomicWrite.write(target, out -> {
            out.write(1);
            throw new IOException("I/O error writing PNG file!", new IOException("No space left on device"));
        })).isInstanceOf(IOException.class).hasMessage(target.toAbsolutePath() + ": cannot be written (No space left on device)");
        assertThat(Files.readString(target)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("confusion.png");
        }
    }

    @Test
    void aNameNearTheSystemsLimitIsWritten() throws IOException {
        Path target = dir.resolve("b".repeat(240) + ".png"); // 244 bytes: the temporary name must stay within 255
        AtomicWrite.writeString(target, "picture");
        assertThat(Files.readString(target)).isEqualTo("picture");
    }

    @Test
    void aLinkIsWrittenThroughAndAFolderIsNeverReplaced() throws IOException {
        Path file = Files.writeString(dir.resolve("results.jsonl"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), file);
        AtomicWrite.writeString(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(file)).isEqualTo("new");

        Path folder = Files.createDirectories(dir.resolve("out.png"));
        assertThatThrownBy(() -> AtomicWrite.writeString(folder, "x")).isInstanceOf(java.nio.file.FileSystemException.class)
                .hasMessage(folder.toAbsolutePath() + ": not a regular file (a folder or a device); not replaced");
        assertThat(folder).isDirectory();
    }
}
