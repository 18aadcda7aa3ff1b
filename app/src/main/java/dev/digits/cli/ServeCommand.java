package dev.digits.cli;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.run.ModelInfo;
import dev.digits.serve.DigitServer;
import dev.digits.serve.ServeLimits;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Serve a trained model over HTTP: a drawing page and a JSON API.",
        description = {"Serve a trained model over HTTP: a drawing page at / and a JSON API",
                "(POST /api/predict, POST /api/predict/batch, POST /api/read, GET /api/model, GET /health).",
                "Refuses at once (503, Retry-After) what it cannot answer within --deadline, and requests that a",
                "web page on another site sends through the operator's browser (403).",
                "Stops gracefully on Ctrl-C or SIGTERM: requests in flight finish first (within --deadline),",
                "then the inference threads, then the model is closed."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;
    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String host;
    @Option(names = "--threads", paramLabel = "N", description = "Inference threads, each with its own predictor; requests queue for them (default: the number of processors).")
    Integer threads;
    @Option(names = "--queue", defaultValue = "64", paramLabel = "N", description = "Requests that may wait for an inference thread; more are answered 503 at once (default: ${DEFAULT-VALUE}).")
    int queue;
    @Option(names = "--deadline", defaultValue = "10", paramLabel = "SECONDS", description = "A request not answered within this is answered 503 (default: ${DEFAULT-VALUE}).")
    double deadline;
    @Option(names = "--allow-host", paramLabel = "NAME", description = "Also accept this name in the Host header (repeatable; for a proxy or a DNS name). By default the bound address's own names only, or any name when bound to 0.0.0.0.")
    List<String> allowHosts = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        int pool = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (pool < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + pool);
        }
        if (!(deadline > 0 && deadline <= 3600)) {
            throw new IllegalArgumentException("--deadline must be more than 0 and at most 3600 seconds, got " + deadline);
        }
        ServeLimits limits = new ServeLimits(queue, Math.max(1, Math.round(deadline * 1000)), allowHosts);
        dev.digits.internal.run.RunFolder run = model.folder(System.err);
        DigitClassifier classifier = DigitClassifier.load(run, model.weights(), pool);
        dev.digits.internal.read.DigitGate gate;
        dev.digits.internal.read.StripModel strips;
        try {
            gate = model.gate(run, classifier);
            strips = ModelOption.strips(run);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
        DigitServer server;
        try {
            server = DigitServer.start(classifier, gate, strips, host, port, limits);
        } catch (Exception e) { // Javalin (Kotlin) lets checked exceptions through: a port in use is one
            classifier.close();
            if (strips != null) strips.close();
            throw new IllegalArgumentException("cannot serve on " + host + ":" + port + ": "
                    + java.util.Objects.requireNonNullElse(bindProblem(host, port), rootMessage(e)), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping: finishing requests in flight");
            try {
                if (server.stop()) {
                    classifier.close();
                    if (strips != null) strips.close();
                    System.out.println("stopped");
                } else {
                    // closing the model under a forward pass would crash the engine; the process ends anyway
                    System.out.println("stopped; inference still running at the deadline, model left open");
                }
            } finally {
                stopped.countDown();
            }
        }, "serve-shutdown"));
        System.out.println("serving http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + server.port() + "/ (model: " + describe(classifier.info()) + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }

    static String describe(ModelInfo info) {
        StringBuilder s = new StringBuilder(info.isEnsemble()
                ? "ensemble of " + info.members().size() + " (first: " + info.architecture() + ")" : info.architecture().toString());
        s.append(", ").append(String.format("%,d", info.parameters())).append(" parameters");
        if (info.metrics() != null) {
            s.append(", ").append(String.format("%.2f%%", info.metrics().testAccuracy())).append(" test accuracy");
        }
        if (info.created() != null) {
            String created = info.created();
            try {
                created = Instant.parse(created).truncatedTo(ChronoUnit.SECONDS).toString();
            } catch (DateTimeParseException e) {
                // shown as written
            }
            s.append(", trained ").append(created);
        }
        return s.toString();
    }

    /**
     * Why binding {@code host:port} fails now, in words, or null if it binds: Javalin logs the bind
     * error and throws only "STOPPED".
     */
    private static String bindProblem(String host, int port) {
        java.net.InetSocketAddress address = new java.net.InetSocketAddress(host, port);
        if (address.isUnresolved()) return "no such host";
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(address);
            return null;
        } catch (java.net.BindException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains("in use") ? "the address is in use (another server on that port?)"
                    : m.contains("assign") ? "not an address of this machine (" + m + ")" : m;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
