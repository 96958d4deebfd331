package dev.tailwatch.broker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Keeps Kafka's own logging at WARN and above unless the application said otherwise.
 *
 * <p>What Kafka 4.3.1 logs through (read from its jars and poms): every broker, controller and client
 * class logs through the SLF4J API, the Scala core via scala-logging. {@code kafka-server} does pull in
 * log4j-api and log4j-core 2.25 at runtime, but only its dynamic log-level controller
 * ({@code org.apache.kafka.server.logger.LoggingController}) touches them; no SLF4J provider and no
 * SLF4J-to-Log4j bridge comes with Kafka. So Kafka's lines go to whichever SLF4J provider the
 * application has, and at that provider's default level: with slf4j-simple (this project's provider)
 * that is INFO, several thousand lines per broker start and stop.
 *
 * <p>slf4j-simple reads a logger's level from the system property
 * {@code org.slf4j.simpleLogger.log.NAME} (before its {@code simplelogger.properties}) when the logger is
 * created, and Kafka creates its server loggers when the server classes load, which is after this runs.
 * So setting those properties here quiets the broker without a configuration file that would fight with
 * the application's own. A level the application set — as a system property or in its
 * {@code simplelogger.properties} — is left alone, so {@code -Dorg.slf4j.simpleLogger.log.kafka=info}
 * brings the chatter back. With another SLF4J provider (Logback, Log4j 2) these properties do nothing and
 * that provider's configuration decides.
 */
final class QuietKafkaLogging {

    /** Kafka's Scala core, its Java modules and clients, and the broker's partition state log. */
    private static final String[] LOGGERS = {"kafka", "org.apache.kafka", "state.change.logger"};
    private static final String SIMPLE_LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";
    private static final String SIMPLE_LOGGER_FILE = "simplelogger.properties";

    private static boolean applied;

    private QuietKafkaLogging() {
    }

    static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        Properties file = simpleLoggerFile();
        for (String logger : LOGGERS) {
            String key = SIMPLE_LOGGER_PREFIX + logger;
            if (System.getProperty(key) == null && file.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    private static Properties simpleLoggerFile() {
        Properties p = new Properties();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = QuietKafkaLogging.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(SIMPLE_LOGGER_FILE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            // Unreadable: then the application set nothing we could honour, and quiet is the default.
        }
        return p;
    }
}
