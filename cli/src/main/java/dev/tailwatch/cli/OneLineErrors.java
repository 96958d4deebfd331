package dev.tailwatch.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command's {@code call()} throws, as one line on stderr: {@link BadInputException} (input the
 * command cannot use: the message names the option or file, the problem and the fix) is exit status 2;
 * anything else is a bug or an environment failure, exit status 1, still one line — the stack trace only
 * with {@code TAILWATCH_STACKTRACE=1}. The commands throw instead of each catching and printing.
 */
final class OneLineErrors implements IExecutionExceptionHandler {

    /** Exit status of a failure that is not the input's fault. */
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        if (ex instanceof BadInputException) {
            err.println(name + ": " + ex.getMessage());
            err.flush();
            return OneLineUsageErrors.BAD_INPUT;
        }
        if (ex instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
            err.flush();
            return FAILED;
        }
        err.println(name + ": failed: " + (ex.getMessage() == null ? ex.getClass().getName() : oneLine(ex.getMessage()))
                + " (TAILWATCH_STACKTRACE=1 shows where)");
        if ("1".equals(System.getenv("TAILWATCH_STACKTRACE"))) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
