package dev.digits.cli;

import dev.digits.internal.exchange.TorchExport;
import dev.digits.internal.exchange.TorchLayout;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Write a run's weights for PyTorch, as a safetensors file.",
        description = {"Write a run's weights for PyTorch, as a safetensors file: the state_dict of",
                "the report's MNISTResNet (python/report_model.py) for a report run, of",
                "FastResNet (python/fast_model.py) for a fast one. Load it with",
                "python/safetensors_torch.py (torch only) or the safetensors package, then",
                "model.load_state_dict(...); inputs are normalised as the report's,",
                "(x - 0.1307) / 0.3081, x in [0, 1]."})
final class ExportCommand implements Callable<Integer> {

    /** The file formats export writes. */
    enum Format { SAFETENSORS }

    @Parameters(paramLabel = "RUN_DIR", description = "Run folder written by 'mnist train' or 'mnist import'.")
    Path run;
    @Option(names = "--format", defaultValue = "safetensors", description = "safetensors (default: ${DEFAULT-VALUE}).")
    Format format;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write (replaced if it exists).")
    Path out;
    @Option(names = "--weights", defaultValue = "model", paramLabel = "NAME",
            description = "model (final weights, default) or best (best epoch on the validation split).")
    String weights;

    @Override
    public Integer call() throws Exception {
        Weights which = Weights.parse(weights);
        TorchExport.Written w = TorchExport.write(new RunFolder(run), which, out);
        System.out.printf("wrote %s: %d tensors, %,d bytes, the state_dict of %s for %s%n", w.file(), w.tensors(), w.bytes(),
                TorchLayout.pythonClass(w.info().architecture()), w.info().architecture());
        System.out.printf("inputs: (x - %s) / %s, x in [0, 1], ink bright%n", w.info().mean(), w.info().std());
        if (w.info().temperature() != null) { // the exported weights' own (TorchExport: the final weights' only)
            System.out.printf("probabilities: softmax(logits / %s), the temperature in its model.json%n", w.info().temperature());
        }
        if (w.info().views().count() > 1) {
            System.out.printf("note: the model reads each digit in %d views (moved by a pixel, test_time_views in its model.json)"
                    + " and averages their probabilities; the file holds its one network, which reads one%n", w.info().views().count());
        }
        return 0;
    }
}
