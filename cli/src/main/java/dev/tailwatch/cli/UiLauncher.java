package dev.tailwatch.cli;

import dev.tailwatch.cli.ui.RunBoard;
import dev.tailwatch.cli.ui.TopicFeed;
import dev.tailwatch.cli.ui.UiServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * Starts the live page for {@code tailwatch ui} and {@code tailwatch demo}: the web server first (a taken port
 * or a foreign address fails in milliseconds), then the topic feed. Each failure is one line naming the option.
 */
final class UiLauncher implements AutoCloseable {

    private final UiServer server;
    private final TopicFeed feed;

    private UiLauncher(UiServer server, TopicFeed feed) {
        this.server = server;
        this.feed = feed;
    }

    /**
     * @param bindOption / portOption the options' names, for the messages ({@code --bind}/{@code --port} in ui)
     */
    static UiLauncher start(KafkaTarget kafka, String bind, String bindOption, int port, String portOption) throws BadInputException {
        if (port < 0 || port > 65535) {
            throw new BadInputException(portOption + " " + port + " is not a port; give 1-65535, or 0 for any free port");
        }
        InetAddress address = address(bind, bindOption);
        RunBoard board = new RunBoard();
        TopicFeed feed = new TopicFeed(kafka.properties(), board);
        UiServer server;
        try {
            server = UiServer.start(address, port, board, new RunCsvDownloads(kafka), feed::problem);
        } catch (BindException e) {
            closeQuietly(feed);
            throw new BadInputException(portOption + " " + port + ": cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "); is another tailwatch ui or demo running there? choose another " + portOption + ", or " + portOption
                    + " 0 for any free port");
        } catch (IOException e) {
            closeQuietly(feed);
            throw new BadInputException("cannot serve the page on " + bind + ":" + port + ": " + e.getMessage());
        }
        return new UiLauncher(server, feed.start());
    }

    /** The address, which must be one of this machine's (or the wildcard 0.0.0.0 / ::). */
    static InetAddress address(String bind, String bindOption) throws BadInputException {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new BadInputException(bindOption + " '" + bind + "' is not an address or a known host name; give an address of "
                    + "this machine, e.g. 127.0.0.1 (the default, this machine only) or 0.0.0.0 (every interface)");
        }
        try {
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new BadInputException(bindOption + " " + bind + " is not an address of this machine; give one of its own, "
                        + "e.g. 127.0.0.1 (the default, this machine only) or 0.0.0.0 (every interface)");
            }
        } catch (SocketException e) {
            throw new BadInputException(bindOption + " " + bind + ": cannot list this machine's addresses: " + e.getMessage());
        }
        return address;
    }

    String url() {
        return server.url();
    }

    private static void closeQuietly(TopicFeed feed) {
        try {
            feed.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
        closeQuietly(feed);
    }
}
