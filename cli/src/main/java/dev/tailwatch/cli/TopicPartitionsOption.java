package dev.tailwatch.cli;

import picocli.CommandLine.Option;

/** {@code --partitions}, for the commands that create the catalogue's topics when they are missing. */
final class TopicPartitionsOption {

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "Partitions of topics this command has to create (default ${DEFAULT-VALUE}).")
    int partitions;
}
