package dev.tailwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tailwatch} command. */
@Command(name = "tailwatch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Live monitoring of the heavy-tailed gradient noise of deep-learning training runs.",
        subcommands = {AlphaCommand.class, SampleCommand.class, BrokerCommand.class, ProcessCommand.class,
                SimulateCommand.class, WatchCommand.class, TrainCommand.class, DemoCommand.class, UiCommand.class, ReplayCommand.class, ExportCommand.class, ImportCommand.class, CommandLine.HelpCommand.class})
public final class TailwatchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // The JDK HTTP server's small answers (the live page's run list, /metrics) wait ~40 ms for a delayed ACK
        // without TCP_NODELAY; the server reads this once, when the first one starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.exit(newCommandLine().execute(args));
    }

    /**
     * The command line with tailwatch's error conventions: bad usage or input is one clear line on stderr
     * and exit status 2, any other failure one line and exit status 1 — never a stack trace.
     */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new TailwatchCommand());
        OptionConverters.register(cli);
        cli.setParameterExceptionHandler(new OneLineUsageErrors());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        return cli;
    }
}
