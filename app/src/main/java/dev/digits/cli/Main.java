package dev.digits.cli;

import dev.digits.internal.data.DataException;
import dev.digits.internal.infer.ImageException;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mnist}: train, evaluate and use the MNIST ResNet. */
@Command(name = "mnist", mixinStandardHelpOptions = true, version = "mnist 0.1.0",
        description = "Handwritten-digit recognition with a compact ResNet (DJL + PyTorch).",
        subcommands = {TrainCommand.class, ExperimentCommand.class, EvalCommand.class, PredictCommand.class, ReadCommand.class, ReadGateCommand.class, ReadTrainCommand.class, ReadBenchCommand.class, EnsembleCommand.class, CalibrateCommand.class, ExportCommand.class, ImportCommand.class, BenchCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
    static boolean verbose;

    @Override
    public void run() {
        new CommandLine(this).setUsageHelpWidth(HELP_WIDTH).usage(System.out);
    }

    /** Columns of --help: the descriptions are written in lines of up to 120, which picocli's 80 broke in two. */
    static final int HELP_WIDTH = 120;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 success, 1 failure, 2 bad usage. */
    public static int run(String... args) {
        quietLogging();
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).setUsageHelpWidth(HELP_WIDTH);
        // every command's -V prints the program's version (picocli gives a subcommand none of its own)
        giveVersion(cli, cli.getCommandSpec().version());
        cli.getSubcommands().get("train").getCommandSpec().usageMessage()
                .footer("", dev.digits.internal.train.Preset.table().replace("%", "%%"));
        withoutHeader(cli);
        byLowerCaseName(cli, dev.digits.internal.train.Preset.class);
        byLowerCaseName(cli, dev.digits.internal.model.Family.class);
        byLowerCaseName(cli, dev.digits.internal.train.Recipe.Annealing.Kind.class);
        byLowerCaseName(cli, dev.digits.internal.train.Recipe.Stopping.On.class);
        byLowerCaseName(cli, ExportCommand.Format.class);
        // --model is shared (ModelOption), but these two write into the folder it names, so none is chosen for them
        describe(cli.getSubcommands().get("read-train"), "--model", "The model folder to write number-net.params into (required).");
        describe(cli.getSubcommands().get("read-gate"), "--model", "The model folder to measure (default: the newest run in runs/, else"
                + " the shipped model in models/default); with --fit, required: the folder to write gate.bin into.");
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (verbose) e.printStackTrace();
            commandLine.getErr().println("error: " + message(e));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("error: " + e.getMessage());
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                c.getErr().println("Did you mean " + oneOf(u.getSuggestions()) + "?"); // picocli's nearest names
            }
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return 2;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) { // picocli hands on Errors: one line, not a stack trace
            if (verbose) e.printStackTrace();
            System.err.println("error: out of memory (" + e.getMessage() + "): ask for less, or give Java more with -Xmx");
            return 1;
        }
    }

    /**
     * A command's header is its summary in its parent's list of commands; its own --help opens with
     * the description, which says the same at length (the header above it repeated it).
     */
    private static void withoutHeader(CommandLine c) {
        for (CommandLine sub : c.getSubcommands().values()) {
            List<String> keys = new java.util.ArrayList<>(sub.getHelpSectionKeys());
            keys.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER);
            sub.setHelpSectionKeys(keys);
            withoutHeader(sub);
        }
    }

    /**
     * Values of {@code type} as the help and the docs spell them, in lower case, in any case; a
     * wrong one is answered with those spellings (picocli's own listed the constants' upper-case names).
     */
    private static <E extends Enum<E>> void byLowerCaseName(CommandLine cli, Class<E> type) {
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList();
        cli.registerConverter(type, value -> {
            for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(value)) return e;
            throw new CommandLine.TypeConversionException("expected " + oneOf(names) + ", got '" + value + "'");
        });
    }

    /** "a", "a or b", "a, b or c". */
    private static String oneOf(List<String> names) {
        int last = names.size() - 1;
        return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
    }

    /** Gives {@code option} of {@code command} its own description (picocli has no setter: the option is rebuilt, bound as before). */
    private static void describe(CommandLine command, String option, String description) {
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        CommandLine.Model.OptionSpec old = spec.findOption(option);
        spec.remove(old);
        spec.addOption(CommandLine.Model.OptionSpec.builder(old).description(description).build());
    }

    /** One line for the user: the message of the error a user can act on, without a stack trace. */
    static String message(Throwable e) {
        if (e instanceof UncheckedIOException u) e = u.getCause();
        if (e instanceof DataException || e instanceof ModelException || e instanceof ImageException
                || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : kind(f));
        }
        if (e instanceof IOException) {
            return "I/O failed: " + e.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""))
                + (verbose ? "" : " (run with --verbose for details)");
    }

    /** Refuses, before any work, an output folder {@code option} that is a file (null: none given). */
    static void requireFolder(String option, java.nio.file.Path dir) {
        if (dir != null && java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + ": a file, not a folder");
        }
    }

    /** What a file-system error without a reason means, in words rather than its class name. */
    private static String kind(FileSystemException f) {
        if (f instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (f instanceof java.nio.file.FileAlreadyExistsException) return "already exists (a file where a folder was expected?)";
        if (f instanceof java.nio.file.NoSuchFileException) return "no such file or folder";
        if (f instanceof java.nio.file.NotDirectoryException) return "not a folder";
        if (f instanceof java.nio.file.DirectoryNotEmptyException) return "a folder that is not empty";
        return f.getClass().getSimpleName();
    }

    /** bf16 on a CPU without bf16 instructions is right but slower than fp32: say so, once. */
    static void warnIfBf16Emulated(Precision precision) {
        if (precision == Precision.BF16 && !Precision.cpuHasBf16()) {
            System.err.println("warning: this CPU has no bf16 instructions (avx512_bf16 or amx_bf16 in /proc/cpuinfo);"
                    + " --precision bf16 will be emulated, slower than fp32");
        }
    }

    /** Every subcommand of {@code c}, at any depth ({@code bench infer}), prints {@code version} for -V. */
    private static void giveVersion(CommandLine c, String[] version) {
        for (CommandLine sub : c.getSubcommands().values()) {
            sub.getCommandSpec().version(version);
            giveVersion(sub, version);
        }
    }

    static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils") == null) {
            // DJL looks for CUDA on every start and warns when the CPU build has none; that is expected here
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.io.javalin.Javalin") == null) {
            // its one error is "Failed to start Javalin", logged before serve says why in its own line
            System.setProperty("org.slf4j.simpleLogger.log.io.javalin.Javalin", "off");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty.http.HttpParser") == null) {
            // a request with headers over 8 KiB is answered 431 (JSON); Jetty also logged a WARN line for each
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty.http.HttpParser", "error");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.setProperty("java.awt.headless", "true");
        // PNGs are written from memory: ImageIO's file cache in /tmp, on a full disk, failed in its
        // closing thread with a stack trace after the one-line error
        javax.imageio.ImageIO.setUseCache(false);
    }
}
