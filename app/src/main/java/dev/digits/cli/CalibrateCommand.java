package dev.digits.cli;

import dev.digits.internal.eval.Temperature;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.train.Calibrate;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        header = "Fit a run's temperature on its validation split, so its probabilities mean what they say.",
        description = {"Make a run's probabilities mean what they say: fit the temperature its logits are",
                "divided by (temperature scaling) on the run's own validation split, and write it into",
                "its model.json, which predict, read, eval and serve then apply. The answers do not",
                "change, only their probabilities. train does this at its end; this is for runs made",
                "before it did. For an ensemble, calibrate the runs it was made from and make it again."})
final class CalibrateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", description = "Run folder written by 'mnist train'.")
    Path run;

    @Override
    public Integer call() throws Exception {
        RunFolder folder = new RunFolder(run);
        // a missing or foreign folder, and a run without the recipe that names its validation split, are
        // refused before a lock file is made in it (an ensemble, which has none, is refused in words below)
        dev.digits.internal.run.ModelInfo info = folder.readInfo();
        if (info.isImported()) {
            throw new dev.digits.internal.model.ModelException(run + ": made by import, which knows no digits its training held out to fit"
                    + " a temperature on; a file that export wrote from a calibrated run brings its temperature with it");
        }
        if (!info.isEnsemble()) folder.readConfig();
        try (RunFolder.Claim claim = folder.claim()) { // not while a training or another calibrate writes it
            Temperature t = Calibrate.run(folder);
            System.out.println(line(folder, t));
        }
        return 0;
    }

    /** What calibrate (and train, at its end) prints. */
    static String line(RunFolder run, Temperature t) {
        return String.format(java.util.Locale.ROOT, "calibrated on the validation split: temperature %.3f, loss %.4f -> %.4f, expected calibration"
                + " error %.2f%% -> %.2f%%; written to %s", t.value(), t.lossBefore(), t.lossAfter(), t.eceBefore(), t.eceAfter(),
                run.info());
    }
}
