package dev.tailwatch.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TailwatchCommand.class.getPackage().getImplementationVersion();
        return new String[] {"tailwatch " + (version == null ? "(development build)" : version)};
    }
}
