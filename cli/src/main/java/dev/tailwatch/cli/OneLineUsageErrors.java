package dev.tailwatch.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Usage errors as one line naming the command and the problem, then exit 2 — scripts that drive the CLI
 * (and people) get the cause without a page of usage text.
 */
final class OneLineUsageErrors implements IParameterExceptionHandler {

    /** Exit status for bad input and bad usage. */
    static final int BAD_INPUT = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + message(ex) + " (see '" + name + " --help')");
        err.flush();
        return BAD_INPUT;
    }

    /**
     * A value the option's converter refused reads "--option 'value' is not ...": the converter's own
     * words after the option's name, not picocli's "Invalid value for option '--option' (LABEL): ...".
     */
    private static String message(ParameterException ex) {
        if (ex.getCause() instanceof CommandLine.TypeConversionException conversion && conversion.getMessage() != null
                && ex.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
            String because = conversion.getMessage();
            return because.startsWith(option.longestName()) ? because : option.longestName() + " " + because;
        }
        return ex.getMessage();
    }
}
