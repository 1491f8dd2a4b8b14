package dev.plimsoll.ingest;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestConfigTest {

    @Test
    void defaults() {
        try (ApplicationContext ctx = ApplicationContext.run()) {
            IngestConfig c = ctx.getBean(IngestConfig.class);
            assertThat(c.maxBodyBytes()).isEqualTo(8 * 1024 * 1024);
            assertThat(c.maxRecords()).isEqualTo(100_000);
            assertThat(c.maxImportBytes()).isEqualTo(128 * 1024 * 1024);
            assertThat(c.retryAfterSeconds()).isEqualTo(5);
            assertThat(c.producerDeliveryTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(c.kafkaHealthTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.kafkaHealthCache()).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void theServersTotalBodyLimitFollowsTheImportLimitUnlessSetItself() {
        try (ApplicationContext ctx = ApplicationContext.run()) {
            assertThat(ctx.getProperty("micronaut.server.max-request-size", Long.class))
                    .hasValue(134_217_728L);
            assertThat(ctx.getProperty("micronaut.server.max-request-buffer-size", Long.class))
                    .hasValue(134_217_728L);
        }
        try (ApplicationContext ctx =
                ApplicationContext.run(Map.of("plimsoll.ingest.max-import-bytes", 1_000_000))) {
            assertThat(ctx.getProperty("micronaut.server.max-request-size", Long.class))
                    .hasValue(1_000_000L);
        }
        try (ApplicationContext ctx =
                ApplicationContext.run(
                        Map.of(
                                "plimsoll.ingest.max-import-bytes",
                                1_000_000,
                                "micronaut.server.max-request-size",
                                2_000_000))) {
            assertThat(ctx.getProperty("micronaut.server.max-request-size", Long.class))
                    .hasValue(2_000_000L);
        }
    }

    @Test
    void rejectsAnAbsurdBodyLimitNamingTheProperty() {
        try (ApplicationContext ctx =
                ApplicationContext.run(Map.of("plimsoll.ingest.max-body-bytes", 10))) {
            assertThatThrownBy(() -> ctx.getBean(IngestConfig.class))
                    .hasStackTraceContaining(
                            "IngestConfig.maxBodyBytes - must be greater than or equal to 1024");
        }
    }

    @Test
    void deliveryTimeoutMustCoverRequestTimeoutAndLinger() {
        try (ApplicationContext ctx =
                ApplicationContext.run(
                        Map.of(
                                "plimsoll.ingest.producer-delivery-timeout",
                                "1s",
                                "plimsoll.ingest.producer-request-timeout",
                                "5s"))) {
            assertThatThrownBy(() -> ctx.getBean(IngestConfig.class))
                    .hasStackTraceContaining(
                            "plimsoll.ingest.producer-delivery-timeout (PT1S) must be at least");
        }
    }

    @Test
    void theRoleSwitchTurnsTheBeansOff() {
        try (ApplicationContext ctx =
                ApplicationContext.run(Map.of("plimsoll.ingest.enabled", "false"))) {
            assertThat(ctx.containsBean(IngestConfig.class)).isFalse();
            assertThat(ctx.containsBean(dev.plimsoll.ingest.http.IngestController.class)).isFalse();
            assertThat(ctx.containsBean(dev.plimsoll.ingest.kafka.TelemetryPublisher.class))
                    .isFalse();
            assertThat(ctx.containsBean(dev.plimsoll.ingest.http.IngestKeyFilter.class)).isFalse();
            assertThat(ctx.containsBean(dev.plimsoll.ingest.security.IngestKeyStore.class))
                    .isFalse();
            assertThat(ctx.containsBean(dev.plimsoll.ingest.kafka.KafkaHealthIndicator.class))
                    .isFalse();
            assertThat(ctx.containsBean(dev.plimsoll.ingest.metrics.IngestMetrics.class)).isFalse();
        }
    }
}
