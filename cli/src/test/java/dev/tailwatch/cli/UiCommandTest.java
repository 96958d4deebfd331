package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** tailwatch ui's bad input: one line naming the option, the problem and the fix; exit status 2; no stack trace. */
class UiCommandTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aTakenPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CliRun ui = CliRun.of("ui", "--bootstrap", "127.0.0.1:" + freePort(), "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, ui.exitCode(), ui.err());
            assertEquals(1, ui.errLines().length, ui.err());
            assertTrue(ui.err().startsWith("tailwatch ui: --port " + taken.getLocalPort() + ": cannot listen on 127.0.0.1:"), ui.err());
            assertTrue(ui.err().contains("--port 0 for any free port"), ui.err());
        }
    }

    @Test
    void anAddressOfAnotherMachineIsNamed() throws Exception {
        CliRun ui = CliRun.of("ui", "--bootstrap", "127.0.0.1:" + freePort(), "--bind", "192.0.2.1", "--port", "0");
        assertEquals(2, ui.exitCode(), ui.err());
        assertEquals(1, ui.errLines().length, ui.err());
        assertTrue(ui.err().startsWith("tailwatch ui: --bind 192.0.2.1 is not an address of this machine"), ui.err());
    }

    @Test
    void anUnknownHostIsNamed() throws Exception {
        CliRun ui = CliRun.of("ui", "--bootstrap", "127.0.0.1:" + freePort(), "--bind", "no-such-host.invalid", "--port", "0");
        assertEquals(2, ui.exitCode(), ui.err());
        assertTrue(ui.err().startsWith("tailwatch ui: --bind 'no-such-host.invalid' is not an address or a known host name"), ui.err());
    }

    @Test
    void aPortOutOfRangeIsNamed() throws Exception {
        CliRun ui = CliRun.of("ui", "--bootstrap", "127.0.0.1:" + freePort(), "--port", "70000");
        assertEquals(2, ui.exitCode(), ui.err());
        assertTrue(ui.err().startsWith("tailwatch ui: --port 70000 is not a port"), ui.err());
    }

    @Test
    void noBrokerIsOneLineAndThePageIsNotLeftRunning() throws Exception {
        int port = freePort();
        CliRun ui = CliRun.of("ui", "--bootstrap", "127.0.0.1:" + freePort(), "--port", Integer.toString(port));
        assertEquals(2, ui.exitCode(), ui.err());
        assertEquals(1, ui.errLines().length, ui.err());
        assertTrue(ui.err().startsWith("tailwatch ui: cannot reach Kafka at 127.0.0.1:"), ui.err());
        // The port is free again: the server started before the broker check was closed.
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort());
        }
    }
}
