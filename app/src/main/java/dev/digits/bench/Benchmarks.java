package dev.digits.bench;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import dev.digits.internal.data.Augmenter;
import dev.digits.internal.data.Batch;
import dev.digits.internal.data.BatchLoader;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.MnistResNet;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.model.Precision;
import dev.digits.internal.train.Learner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Throughput of training, inference and the data pipeline, measured on the real code paths with
 * real MNIST batches. Field names of the training figure match the PyTorch peer's throughput mode.
 */
public final class Benchmarks {

    private static final int WARMUP = 2;

    private Benchmarks() {}

    /**
     * Training images per second over {@code batches} batches after {@link #WARMUP} warm-up batches:
     * augmentation, forward, loss, backward and the AdamW update, as in training. With
     * {@code profile} set (it may be null), the timed batches also run under libtorch's operator
     * profiler, which writes a Chrome trace there.
     */
    public static Measurement train(Mnist data, Architecture arch, Precision precision, int batchSize, int batches, long seed, Path profile) {
        BatchLoader loader = new BatchLoader(data, batchSize, new Augmenter(10, 0.1f, InputContract.MNIST), seed);
        int[] order = BatchLoader.permutation(data.size(), new Random(seed));
        Random rng = new Random(seed);
        try (Learner learner = new Learner(arch, precision, 0.01, batchSize, seed)) {
            long start = 0;
            long faults = 0;
            double[] perBatch = new double[WARMUP + batches];
            for (int b = 0; b < WARMUP + batches; b++) {
                if (b == WARMUP) {
                    if (profile != null) JniUtils.startProfile(false, true, false);
                    faults = Measurement.minorFaults();
                    start = System.nanoTime();
                }
                long t = System.nanoTime();
                Batch batch = loader.make(order, (b * batchSize) % (data.size() - batchSize), rng);
                learner.step(batch, 1e-3, 0);
                perBatch[b] = (System.nanoTime() - t) / 1e6;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            faults = Measurement.minorFaults() - faults;
            if (profile != null) JniUtils.stopProfile(profile.toAbsolutePath().toString());
            int images = batches * batchSize;
            return new Measurement("train")
                    .put("arch", arch.name())
                    .put("width", arch.width())
                    .put("precision", precision.toString())
                    .put("params", learner.parameters())
                    .put("batch_size", batchSize)
                    .put("threads", JniUtils.getNumThreads())
                    .put("images", images)
                    .put("seconds", seconds)
                    .put("images_per_second", images / seconds)
                    .put("warmup_batch_ms", Arrays.stream(perBatch, 0, WARMUP).map(Measurement::round).boxed().toList())
                    .put("peak_rss_mib", Measurement.peakRssMib())
                    .put("minor_faults_per_batch", faults / batches);
        }
    }

    /** Where each measurement goes as it is made (printed, and appended to a file). */
    public interface Sink {
        void accept(Measurement m) throws java.io.IOException;
    }

    /**
     * Batch inference images per second at batch 1, 32 and 1,024, and single-image latency p50 and
     * p99, each given to {@code out} as soon as it is measured (a larger batch that runs out of
     * memory loses none of the figures before it).
     */
    public static void infer(DigitClassifier classifier, Mnist test, int latencyCalls, Sink out) throws java.io.IOException {
        for (int batch : new int[] {1, 32, 1024}) {
            List<byte[]> images = new ArrayList<>();
            for (int i = 0; i < batch; i++) images.add(test.image(i % test.size()));
            int rounds = Math.max(3, 4096 / batch);
            for (int r = 0; r < 2; r++) classifier.classify(images);
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) classifier.classify(images);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.accept(new Measurement("infer").put("arch", classifier.info().architecture().name())
                    .put("width", classifier.info().architecture().width())
                    .put("batch_size", batch).put("images", rounds * batch).put("seconds", seconds)
                    .put("images_per_second", rounds * batch / seconds));
        }
        double[] ms = new double[latencyCalls];
        for (int i = 0; i < 20; i++) classifier.classify(test.image(i));
        for (int i = 0; i < latencyCalls; i++) {
            long t = System.nanoTime();
            classifier.classify(test.image(i % test.size()));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        out.accept(new Measurement("latency").put("arch", classifier.info().architecture().name())
                .put("width", classifier.info().architecture().width())
                .put("calls", latencyCalls)
                .put("p50_ms", ms[(int) (0.50 * (latencyCalls - 1))])
                .put("p99_ms", ms[(int) (0.99 * (latencyCalls - 1))])
                .put("peak_rss_mib", Measurement.peakRssMib()));
    }

    /** Images per second of the augmentation pipeline alone (shuffle order, rotate, shift, normalise), on one thread. */
    public static Measurement data(Mnist data, int batchSize, int batches) {
        BatchLoader loader = new BatchLoader(data, batchSize, new Augmenter(10, 0.1f, InputContract.MNIST), 1);
        int[] order = BatchLoader.permutation(data.size(), new Random(1));
        Random rng = new Random(1);
        for (int b = 0; b < 20; b++) loader.make(order, 0, rng);
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) loader.make(order, (b * batchSize) % (data.size() - batchSize), rng);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measurement("data").put("batch_size", batchSize).put("threads", 1)
                .put("images", batches * batchSize).put("seconds", seconds)
                .put("images_per_second", batches * batchSize / seconds);
    }

    /** A classifier over freshly initialised weights of {@code arch}, for speed figures when no run is given. */
    public static DigitClassifier untrained(Architecture arch) {
        Model model = Model.newInstance("bench");
        Block block = MnistResNet.build(arch);
        block.initialize(model.getNDManager(), DataType.FLOAT32, InputContract.shape(1));
        model.setBlock(block);
        ModelInfo info = new ModelInfo(arch, InputContract.MNIST.mean(), InputContract.MNIST.std(), Map.of(), null, "untrained",
                MnistResNet.trainableParameters(block), null);
        return DigitClassifier.owning(model, info, 1);
    }
}
