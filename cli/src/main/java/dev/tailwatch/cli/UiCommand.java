package dev.tailwatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tailwatch ui}: a live page of every run on the topics, in the browser. */
@Command(name = "ui",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Serve a live page of the runs on a broker's topics: the run list, and per run α (network-wide and per "
                + "layer, per iteration and rolling) with the detectors' events, loss and accuracy, the per-parameter α_i band and "
                + "SαS-wins fraction, the event list, an overlaid second run and the run's CSV files.",
                "Reads the output topics (committed records only, no consumer group), so it shows every run whichever "
                        + "processor analysed it, and whole runs after a restart. Runs until Ctrl-C."})
final class UiCommand implements Callable<Integer> {

    /** Default port of the page: beside /metrics' 9404, clear of the ports a second processor instance takes. */
    static final int DEFAULT_PORT = 9420;

    @Spec
    CommandSpec spec;

    @Mixin
    BootstrapOption broker;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + DEFAULT_PORT,
            description = "Port of the page (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address the page binds to (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 shows run names "
                    + "and results to every network the machine is on).")
    String bind;

    @Override
    public Integer call() throws BadInputException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        KafkaTarget kafka = broker.target();
        try (UiLauncher ui = UiLauncher.start(kafka, bind, "--bind", port, "--port")) {
            KafkaClients.requireReachable(kafka);
            out.printf("tailwatch ui: %s (runs from %s; Ctrl-C stops)%n", ui.url(), kafka);
            out.flush();
            try (CtrlC.StopFlag stop = CtrlC.stopFlag("tailwatch-ui", Duration.ofSeconds(10))) {
                while (!stop.requested()) {
                    Thread.sleep(200);
                }
            }
        }
        return 0;
    }
}
