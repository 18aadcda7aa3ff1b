package dev.digits.internal.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.io.Folders;
import dev.digits.internal.io.Json;
import dev.digits.internal.model.ModelException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A run folder: the one place that names its files. A training run writes {@code model.json},
 * {@code config.json}, {@code metrics.csv}, the weights ({@link Weights}) and, until it finishes,
 * {@code resume/epoch-N.state} ({@link ResumeState}); {@code eval} writes into {@code eval/}. Runs
 * without {@code --out} go to {@code runs/<timestamp>}. A second run never overwrites the first.
 */
public record RunFolder(Path dir) {

    /** Where runs go when {@code --out} is not given, relative to the working directory. */
    public static final Path RUNS = Path.of("runs");
    public static final String INFO = "model.json";
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String EVAL = "eval";
    /** Per-layer gradient norms of the first training steps, which experiments record for some runs. */
    public static final String GRADIENTS = "gradients.csv";
    /** The folder of the resume states, {@code epoch-N.state}; removed when the run finishes. */
    public static final String RESUME = "resume";
    /** The file whose lock says that a process is writing the run ({@link #claim}). */
    public static final String LOCK = ".lock";
    /**
     * Where a command that writes a whole model folder at once ({@code ensemble}) builds it, inside
     * the claimed folder, before moving it into place: a folder interrupted half-way holds only this,
     * which the next claim of the folder deletes.
     */
    public static final String PARTIAL = ".partial";
    /** The "not a digit" decision's statistics of this model's features ({@code mnist read-gate --fit}). */
    public static final String GATE = "gate.bin";
    /** The whole-number reader's weights ({@code read-train}), beside the classifier's. */
    public static final String NUMBER_NET = "number-net.params";
    /** An ensemble's sub-folder of members, {@code members/N/} ({@link Ensemble}). */
    public static final String MEMBERS = "members";

    /**
     * The names of the files that loading a model folder reads, in the folder and in each ensemble
     * member's ({@link #MEMBERS}): description, final weights, gate and the number reader.
     */
    public static final Set<String> LOADED = Set.of(INFO, Weights.MODEL.fileName(), GATE, NUMBER_NET);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public Path info() {
        return dir.resolve(INFO);
    }

    public Path config() {
        return dir.resolve(CONFIG);
    }

    public Path metrics() {
        return dir.resolve(METRICS);
    }

    public Path gate() {
        return dir.resolve(GATE);
    }

    public Path numberNet() {
        return dir.resolve(NUMBER_NET);
    }

    public Path gradients() {
        return dir.resolve(GRADIENTS);
    }

    /**
     * The files that loading this folder as a model reads ({@link #LOADED}): its own, and each of
     * its ensemble members' as its {@code model.json} lists them (not any other folder within it),
     * sorted. Reads {@code model.json}: a corrupt one is a {@link ModelException}.
     */
    public List<Path> loadedFiles() {
        List<Path> folders = new ArrayList<>(List.of(dir));
        members(readInfo()).forEach(m -> folders.add(m.dir()));
        return folders.stream().flatMap(f -> LOADED.stream().map(f::resolve)).filter(Files::isRegularFile).sorted().toList();
    }

    /** The folders of the ensemble members that {@code info}, this folder's model.json, lists; none for one network. */
    public List<RunFolder> members(ModelInfo info) {
        return info.isEnsemble() ? info.members().stream().map(m -> new RunFolder(dir.resolve(m))).toList() : List.of();
    }

    /** Where {@code eval} writes its pictures and reports unless told otherwise. */
    public Path evalDir() {
        return dir.resolve(EVAL);
    }

    public Path weights(Weights w) {
        return dir.resolve(w.fileName());
    }

    /** The folder of the resume states. */
    public Path resumeDir() {
        return dir.resolve(RESUME);
    }

    /** The resume state written after epoch {@code epoch} ({@link ResumeState}). */
    public Path resumeState(int epoch) {
        return resumeDir().resolve("epoch-" + epoch + ".state");
    }

    /** Deletes every resume state but epoch {@code keep}'s (none: 0), and the folder once it is empty. */
    public void deleteResumeStates(int keep) throws IOException {
        Path folder = resumeDir();
        if (!Files.isDirectory(folder)) return;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.equals(resumeState(keep))) Files.deleteIfExists(f);
            }
        }
        try (Stream<Path> left = Files.list(folder)) {
            if (left.findAny().isEmpty()) Files.deleteIfExists(folder);
        }
    }

    public ModelInfo readInfo() {
        return Checkpoint.readInfo(this);
    }

    public void writeInfo(ModelInfo info) throws IOException {
        AtomicWrite.writeString(info(), Json.FILE.toJson(info));
    }

    public void writeConfig(Map<String, Object> config) throws IOException {
        AtomicWrite.writeString(config(), Json.FILE.toJson(config));
    }

    /** config.json as JSON (numbers as written, so a long seed reads back exactly). */
    public JsonObject readConfig() {
        try {
            return JsonParser.parseString(Files.readString(config())).getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new ModelException(this + ": not a run folder (no " + CONFIG + ")");
        } catch (IOException e) {
            throw new ModelException(config() + ": cannot be read: " + ModelException.why(e));
        } catch (JsonParseException | IllegalStateException e) {
            throw new ModelException(config() + ": corrupt: " + Checkpoint.firstLine(e.getMessage()));
        }
    }

    public void writeMetrics(List<EpochRow> history) throws IOException {
        StringBuilder csv = new StringBuilder(EpochRow.csvHeader()).append('\n');
        for (EpochRow r : history) csv.append(r.toCsv()).append('\n');
        AtomicWrite.writeString(metrics(), csv.toString());
    }

    /** The per-epoch metrics, or an empty list for a model folder without them. */
    public List<EpochRow> readMetrics() throws IOException {
        return Files.isRegularFile(metrics()) ? EpochRow.readCsv(metrics()) : List.of();
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    /** A new folder {@code <timestamp>[-n]} under {@code parent}. */
    public static RunFolder createTimestamped(Path parent) throws IOException {
        Files.createDirectories(parent);
        String stamp = LocalDateTime.now().format(STAMP);
        for (int n = 1; ; n++) {
            Path dir = parent.resolve(n == 1 ? stamp : stamp + "-" + n);
            try {
                return new RunFolder(Files.createDirectory(dir));
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier run this second: try the next suffix
            }
        }
    }

    /** {@code dir} itself, which must be new or empty (checked while holding its {@link #claim}). */
    public static RunFolder createExact(Path dir) throws IOException {
        try (Claim claim = claimExact(dir)) {
            return claim.run();
        }
    }

    /**
     * {@code dir} itself, new or empty, claimed: of two runs given the same folder at once, the
     * second refuses. The emptiness is checked while holding the claim, so a run that claims the
     * folder after another has written to it refuses too; an interrupted run's {@link #PARTIAL}
     * does not count, and is deleted.
     */
    public static Claim claimExact(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new java.nio.file.FileSystemException(dir.toString(), null, "a file, not a folder");
        if (Files.isDirectory(dir)) requireEmpty(dir); // before the claim, which would leave a .lock in someone's folder
        Files.createDirectories(dir);
        Claim claim = new RunFolder(dir).claim();
        try {
            requireEmpty(dir); // again, holding the claim: another run may have written meanwhile
            Folders.deleteTree(dir.resolve(PARTIAL)); // an interrupted run's, no other's: the claim is held
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
        return claim;
    }

    private static void requireEmpty(Path dir) throws IOException {
        if (!holdsNothing(dir)) throw new java.nio.file.FileSystemException(dir.toString(), null,
                "already holds files; refusing to overwrite them (give a new or empty folder)");
    }

    /**
     * Why {@code dir} is not a run folder, where {@code missing} is what a run folder has: "no such
     * folder", "a file, not a folder", or "no {@code missing}" (one wording for --model and --resume).
     */
    public static String whyNot(Path dir, String missing) {
        return Files.isRegularFile(dir) ? "a file, not a folder" : Files.isDirectory(dir) ? "no " + missing : "no such folder";
    }

    /** Whether {@code dir}, a folder, holds nothing of a run: at most a claim's {@link #LOCK} and an interrupted {@link #PARTIAL}. */
    public static boolean holdsNothing(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.allMatch(f -> Set.of(LOCK, PARTIAL).contains(f.getFileName().toString()));
        }
    }

    /**
     * Claims this folder for one writer: an operating-system lock on its {@code .lock} file, which
     * the system releases when the process ends however it ends (so a killed run leaves no stale
     * claim). The file itself stays: deleting it would let two writers lock two different files.
     *
     * @throws IOException if another run, in this process or another, holds it
     */
    public Claim claim() throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            // a file-system error with its folder and reason: one line "DIR: reason", not "I/O failed: ..."
            throw new java.nio.file.FileSystemException(dir.toString(), null,
                    "being written by another run; wait for it or give another folder");
        }
        return new Claim(this, channel);
    }

    /** A held {@link #claim}; closing it releases the folder. */
    public record Claim(RunFolder run, FileChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * The model under {@code parent} whose model.json was written last, if any holds one: a run
     * with its final weights, or an ensemble with its members.
     */
    public static Optional<RunFolder> newest(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) return Optional.empty();
        try (Stream<Path> dirs = Files.list(parent)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(INFO))
                            && (Files.isRegularFile(d.resolve(Weights.MODEL.fileName())) || Files.isDirectory(d.resolve(MEMBERS))))
                    .max(Comparator.comparing((Path d) -> modified(d.resolve(INFO))).thenComparing(Path::toString))
                    .map(RunFolder::new);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
