package dev.plimsoll.infra.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** Runs fixture classes through the JUnit engine and checks what the extension resolved. */
class PlimsollServicesExtensionTest {

    @Test
    void resolvesBothServicesAndLeavesOtherParameterTypesAlone() {
        Events events =
                EngineTestKit.engine("junit-jupiter")
                        .selectors(selectClass(Fixture.class))
                        .execute()
                        .testEvents();

        events.assertThatEvents()
                .haveExactly(1, event(test("kafkaParameter"), finishedSuccessfully()))
                .haveExactly(1, event(test("bothParameters"), finishedSuccessfully()))
                .haveExactly(
                        1,
                        event(
                                test("unsupportedParameter"),
                                finishedWithFailure(
                                        instanceOf(ParameterResolutionException.class),
                                        message(
                                                m ->
                                                        m.startsWith(
                                                                "No ParameterResolver registered"
                                                                        + " for parameter"
                                                                        + " [java.lang.String")))));
        assertThat(Fixture.resolved).isSameAs(PlimsollServices.kafka());
        assertThat(Fixture.resolvedClickHouse).isSameAs(PlimsollServices.clickhouse());
    }

    /** Only run through {@link EngineTestKit} (surefire skips nested classes). */
    @ExtendWith(PlimsollServicesExtension.class)
    static class Fixture {
        static KafkaService resolved;
        static ClickHouseService resolvedClickHouse;

        @Test
        void kafkaParameter(KafkaService kafka) {
            resolved = kafka;
        }

        @Test
        void bothParameters(ClickHouseService clickhouse, KafkaService kafka) {
            resolvedClickHouse = clickhouse;
        }

        @Test
        void unsupportedParameter(String notOurs) {}
    }
}
