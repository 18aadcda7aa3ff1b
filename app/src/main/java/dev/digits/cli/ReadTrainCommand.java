package dev.digits.cli;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.train.StripTraining;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "read-train", mixinStandardHelpOptions = true,
        header = "Train the network that reads a whole number at once, into a model folder.",
        description = {"Train the network that reads a whole number at once (a strip of the number's ink in, the digits out;",
                "CTC) on numbers written with MNIST training digits, and write it into the model folder as "
                        + RunFolder.NUMBER_NET + ",",
                "where 'read', 'read-bench' and 'serve' use it beside the digit classifier. No test digit is used.",
                "--model RUN_DIR is required: the folder to write it into."})
final class ReadTrainCommand implements Callable<Integer> {

    /** As many as a weights file may hold. */
    static final int MAX_NETWORKS = dev.digits.internal.read.StripModel.MAX_NETWORKS;

    @Mixin
    ModelOption model; // --model is required here: the folder the network is written into
    @Option(names = "--numbers", defaultValue = "" + StripTraining.Settings.NUMBERS, paramLabel = "N",
            description = "Numbers to write and learn from (default: ${DEFAULT-VALUE}).")
    int numbers;
    @Option(names = "--epochs", defaultValue = "" + StripTraining.Settings.EPOCHS, description = "Passes over them (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "" + StripTraining.Settings.BATCH, description = "Strips per step (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--lr", defaultValue = "" + StripTraining.Settings.LEARNING_RATE, description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    float lr;
    @Option(names = "--seed", defaultValue = "42", description = "Seed of the numbers and the network (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--networks", defaultValue = "1", paramLabel = "N",
            description = "Networks to train one after another (network k with seed SEED+k), all written into the one file;"
                    + " 'read' weighs each one's reading (the shipped file has 2; 1 to " + MAX_NETWORKS + ", default: ${DEFAULT-VALUE}).")
    int networks;

    @Override
    public Integer call() throws Exception {
        new StripTraining.Settings(numbers, epochs, batch, lr, seed); // checks the flags now; each network gets its own seed below
        if (networks < 1 || networks > MAX_NETWORKS) {
            throw new IllegalArgumentException("--networks must be between 1 and " + MAX_NETWORKS + ", got " + networks);
        }
        if (model.weights() != dev.digits.internal.run.Weights.MODEL) {
            throw new IllegalArgumentException("--weights " + model.weights() + ": read-train reads no weights of the model"
                    + " (it trains its own network on training digits); leave --weights out");
        }
        if (model.model == null) {
            throw new IllegalArgumentException("read-train needs --model RUN_DIR: the model folder to write "
                    + RunFolder.NUMBER_NET + " into (models/default is the shipped one)");
        }
        RunFolder run = new RunFolder(model.model);
        if (!Files.isRegularFile(run.info())) {
            throw new IllegalArgumentException(run.dir() + " is not a model folder (no " + RunFolder.INFO + ")");
        }
        Mnist train = Dataset.MNIST.load(Mnist.Split.TRAIN);
        // held for the whole training, so that a folder that cannot be written fails now, not in an hour
        try (RunFolder.Claim claim = run.claim()) {
            java.io.ByteArrayOutputStream weights = new java.io.ByteArrayOutputStream();
            double seconds = 0;
            for (int k = 0; k < networks; k++) {
                if (networks > 1) System.out.printf("network %d of %d (seed %d)%n", k + 1, networks, seed + k);
                StripTraining.Result r = StripTraining.train(train, new StripTraining.Settings(numbers, epochs, batch, lr, seed + k), System.out);
                weights.write(r.weights());
                seconds += r.seconds();
                System.out.printf("network %d: %s%n", k + 1, r.score());
            }
            AtomicWrite.write(run.numberNet(), o -> o.write(weights.toByteArray()));
            System.out.printf("wrote %s (%d network%s) in %.0f s%n", run.numberNet(), networks, networks == 1 ? "" : "s", seconds);
        }
        return 0;
    }
}
