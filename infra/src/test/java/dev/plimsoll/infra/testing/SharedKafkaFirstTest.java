package dev.plimsoll.infra.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With {@link SharedKafkaSecondTest}: two test classes of one JVM get the same service. */
@ExtendWith(PlimsollServicesExtension.class)
class SharedKafkaFirstTest {

    private final KafkaService fromConstructor;

    SharedKafkaFirstTest(KafkaService kafka) {
        this.fromConstructor = kafka;
    }

    @Test
    void getsTheSharedKafka(KafkaService kafka) throws Exception {
        SharedInstances.check(getClass(), fromConstructor, kafka);
    }
}
