package dev.tailwatch.cli;

/** Input the command cannot use; the message names the problem and, where there is one, the fix. */
final class BadInputException extends Exception {
    BadInputException(String message) {
        super(message);
    }
}
