package dev.tailwatch.streams.it;

import dev.tailwatch.broker.SharedTestBroker;
import org.junit.jupiter.api.Test;

/** The pipeline on the real in-process KRaft broker: runs everywhere, CI included. */
class EmbeddedBrokerPipelineIT {

    @Test
    void liveAnalysisOfASimulatedRunOnARealBroker() throws Exception {
        PipelineScenario.run(SharedTestBroker.bootstrapServers());
    }
}
