package dev.tailwatch.cli;

import picocli.CommandLine.Option;

/** The broker of every command that talks to a running Kafka, declared once so its help reads the same everywhere. */
final class BootstrapOption {

    @Option(names = "--bootstrap", required = true, paramLabel = "B",
            description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092 (as printed by tailwatch broker).")
    String servers;
}
