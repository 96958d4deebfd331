package dev.tailwatch.trainer.data;

/** A data file that cannot be read; the message names the file, what is wrong and the fix. */
public final class DataFormatException extends Exception {
    public DataFormatException(String message) {
        super(message);
    }
}
