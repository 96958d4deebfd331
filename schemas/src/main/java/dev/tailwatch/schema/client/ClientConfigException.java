package dev.tailwatch.schema.client;

/** A client-config file that cannot be used; the message is one line naming the file, the problem and the fix. */
public final class ClientConfigException extends IllegalArgumentException {

    public ClientConfigException(String message) {
        super(message);
    }
}
