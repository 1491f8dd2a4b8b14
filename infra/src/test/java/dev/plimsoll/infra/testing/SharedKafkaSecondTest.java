package dev.plimsoll.infra.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With {@link SharedKafkaFirstTest}: two test classes of one JVM get the same service. */
@ExtendWith(PlimsollServicesExtension.class)
class SharedKafkaSecondTest {

    private static KafkaService fromBeforeAll;

    @BeforeAll
    static void resolveInLifecycleMethod(KafkaService kafka) {
        fromBeforeAll = kafka;
    }

    @Test
    void getsTheSharedKafka(KafkaService kafka) throws Exception {
        SharedInstances.check(getClass(), fromBeforeAll, kafka);
    }
}
