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
        description = {"Train the network that reads a whole number at once (a strip of the number's ink in, the digits out;",
                "CTC) on numbers written with MNIST training digits, and write it into the model folder as "
                        + RunFolder.NUMBER_NET + ",",
                "where 'read', 'read-bench' and 'serve' use it beside the digit classifier. No test digit is used.",
                "--model RUN_DIR is required: the folder to write it into."})
final class ReadTrainCommand implements Callable<Integer> {

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

    @Override
    public Integer call() throws Exception {
        StripTraining.Settings settings = new StripTraining.Settings(numbers, epochs, batch, lr, seed);
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
            StripTraining.Result r = StripTraining.train(train, settings, System.out);
            AtomicWrite.write(run.numberNet(), o -> o.write(r.weights()));
            System.out.printf("wrote %s in %.0f s; %s%n", run.numberNet(), r.seconds(), r.score());
        }
        return 0;
    }
}
