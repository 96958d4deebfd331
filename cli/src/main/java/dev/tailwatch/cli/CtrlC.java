package dev.tailwatch.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How the long-running commands react to Ctrl-C (the JVM's shutdown hooks), written once. */
final class CtrlC {

    private CtrlC() {
    }

    /**
     * Registers {@code cleanup} to run on Ctrl-C; {@link ExitWait#await} then blocks until it has run.
     * Register before announcing anything, so a Ctrl-C right after start still cleans up.
     */
    static ExitWait onExit(String name, Runnable cleanup) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                cleanup.run();
            } finally {
                done.countDown();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return new ExitWait(hook, done);
    }

    /** Waits for the exit cleanup, or gives it up when the command ends for another reason. */
    static final class ExitWait {
        private final Thread hook;
        private final CountDownLatch done;

        private ExitWait(Thread hook, CountDownLatch done) {
            this.hook = hook;
            this.done = done;
        }

        void await() {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits up to {@code timeout}; returns whether the cleanup has run (Ctrl-C). */
        boolean await(Duration timeout) throws InterruptedException {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /**
         * Unregisters the cleanup, so the command can clean up itself and return; false when Ctrl-C came first and the
         * cleanup is already running (then {@link #await()} waits for it).
         */
        boolean cancel() {
            try {
                return Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                return false;
            }
        }
    }

    /**
     * A flag a work loop polls: Ctrl-C sets it and holds the JVM up to {@code grace} so the loop can
     * finish cleanly (flush, final records). Close it when the loop is done.
     */
    static StopFlag stopFlag(String name, Duration grace) {
        return new StopFlag(name, grace);
    }

    static final class StopFlag implements AutoCloseable {
        private volatile boolean requested;
        private final CountDownLatch finished = new CountDownLatch(1);
        private final Thread hook;

        private StopFlag(String name, Duration grace) {
            // The hook waits for close(), not for the worker thread to end: after close() the worker goes on
            // to System.exit, which blocks while shutdown hooks run, so joining it would always wait out the grace.
            this.hook = new Thread(() -> {
                requested = true;
                try {
                    finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name + "-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        boolean requested() {
            return requested;
        }

        @Override
        public void close() {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running; it returns now that the work is finished.
            }
        }
    }
}
