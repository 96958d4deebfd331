package dev.tailwatch.streams.it;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same pipeline against Apache Kafka's own image, where Docker is available. Without a Docker
 * engine (as on the CI machine) JUnit reports it skipped, not failed.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerPipelineIT {

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void liveAnalysisOfASimulatedRunOnAContainerBroker() throws Exception {
        PipelineScenario.run(KAFKA.getBootstrapServers());
    }
}
