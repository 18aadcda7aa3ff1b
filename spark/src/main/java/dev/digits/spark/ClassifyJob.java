package dev.digits.spark;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark job: every file under {@code --input} (any path Spark reads: a folder, a glob, HDFS,
 * S3) classified, one row per file in Parquet at {@code --output}. The model folder is read on the
 * driver and broadcast, so the executors need nothing but the job's jar; each executor loads it
 * once ({@link Models}).
 */
@Command(name = "mnist-spark", mixinStandardHelpOptions = true, version = "mnist-spark 0.1.0",
        description = {"Classify every image under INPUT on Spark and write one Parquet row per file to OUTPUT:",
                "path, digit, probability, top3, not_a_digit, number (with --read) and error (a file that is not",
                "a readable picture gets an error, not a failed job)."})
public final class ClassifyJob implements Callable<Integer> {

    /** What to run: the flags, checked. */
    public record Settings(Path model, String input, String output, boolean read, String glob, int partitions) {}

    @Option(names = "--model", defaultValue = "models/default", paramLabel = "DIR",
            description = "Model folder on the driver (a run folder, or the shipped models/default; default: ${DEFAULT-VALUE}).")
    Path model;
    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Images: a folder (searched recursively), a glob, any path Spark reads.")
    String input;
    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Parquet folder to write; must not exist.")
    String output;
    @Option(names = "--read", description = "Also read the number in each picture (several digits), into the number column.")
    boolean read;
    @Option(names = "--glob", paramLabel = "PATTERN", description = "Only files whose name matches, e.g. '*.png' (default: every file).")
    String glob;
    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "Put the files into N tasks (default 0: Spark's split, about 32 small files per task).")
    int partitions;
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not started by spark-submit (default: spark-submit's, else local[*]).")
    String master;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ClassifyJob());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + oneLine(e));
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        if (partitions < 0) throw new IllegalArgumentException("--partitions must be 0 or more, not " + partitions);
        Settings settings = new Settings(model, input, output, read, glob, partitions);
        ModelBundle bundle = ModelBundle.of(model); // before Spark starts: a wrong --model fails in a second
        SparkSession.Builder builder = SparkSession.builder().appName("mnist-spark");
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]");
        }
        try (SparkSession spark = builder.getOrCreate()) {
            spark.sparkContext().setLogLevel("WARN");
            long start = System.nanoTime();
            Summary s = run(spark, bundle, settings);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(summaryLine(s, output, seconds));
        }
        return 0;
    }

    /** The job's last line; a few pictures read in seconds are a fraction of one a second, not "0 images/s". */
    static String summaryLine(Summary s, String output, double seconds) {
        double rate = s.rows() / seconds;
        return String.format(java.util.Locale.ROOT, "wrote %,d rows (%,d errors) to %s in %.1f s: %s images/s",
                s.rows(), s.errors(), output, seconds, String.format(java.util.Locale.ROOT, rate < 10 ? "%.2f" : "%,.0f", rate));
    }

    /** How many rows the job wrote, and how many of them are errors. */
    public record Summary(long rows, long errors) {}

    /** Runs the job on {@code spark} and reads back what it wrote. */
    public static Summary run(SparkSession spark, ModelBundle bundle, Settings s) {
        Broadcast<ModelBundle> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bundle);
        var reader = spark.read().format("binaryFile").option("recursiveFileLookup", "true");
        if (s.glob() != null) reader = reader.option("pathGlobFilter", s.glob());
        Dataset<Row> files = reader.load(s.input()).select("path", "content");
        if (s.partitions() > 0) files = files.repartition(s.partitions());
        Dataset<Row> results = files.mapPartitions(new ClassifyPartition(shared, s.read()), Encoders.row(Results.SCHEMA));
        try {
            results.write().parquet(s.output());
        } catch (Exception e) {
            if (e instanceof AnalysisException && e.getMessage() != null && e.getMessage().contains("already exists")) {
                throw new IllegalArgumentException(s.output() + " already exists; pick a new --output");
            }
            throw e;
        }
        Dataset<Row> written = spark.read().parquet(s.output());
        return new Summary(written.count(), written.filter("error is not null").count());
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
