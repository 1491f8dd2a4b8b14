package dev.plimsoll.infra.testing;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendSelectionTest {

    /** Counts how often the Docker probe was consulted. */
    private static final class Probe implements BooleanSupplier {
        private final boolean answer;
        private final AtomicInteger calls = new AtomicInteger();

        Probe(boolean answer) {
            this.answer = answer;
        }

        @Override
        public boolean getAsBoolean() {
            calls.incrementAndGet();
            return answer;
        }
    }

    @Test
    void kafkaEnvWinsAndDockerIsNotProbed() {
        Probe docker = new Probe(true);
        BackendChoice choice =
                BackendSelection.kafka(
                        Map.of("PLIMSOLL_KAFKA_BOOTSTRAP", "broker-1:9092,broker-2:9093"), docker);
        assertThat(choice)
                .isEqualTo(
                        new BackendChoice(
                                Backend.EXTERNAL,
                                "PLIMSOLL_KAFKA_BOOTSTRAP is set",
                                "broker-1:9092,broker-2:9093"));
        assertThat(docker.calls).hasValue(0);
    }

    @Test
    void clickhouseEnvWinsAndDockerIsNotProbed() {
        Probe docker = new Probe(true);
        String url = "jdbc:clickhouse://ch.internal:8123/plimsoll?compress=false";
        BackendChoice choice =
                BackendSelection.clickhouse(Map.of("PLIMSOLL_CLICKHOUSE_URL", url), docker);
        assertThat(choice)
                .isEqualTo(
                        new BackendChoice(Backend.EXTERNAL, "PLIMSOLL_CLICKHOUSE_URL is set", url));
        assertThat(docker.calls).hasValue(0);
    }

    @Test
    void dockerIsUsedWhenTheEnvIsNotSet() {
        Probe docker = new Probe(true);
        assertThat(BackendSelection.kafka(Map.of(), docker))
                .isEqualTo(
                        new BackendChoice(
                                Backend.TESTCONTAINERS,
                                "PLIMSOLL_KAFKA_BOOTSTRAP is not set and a Docker engine answers",
                                null));
        assertThat(BackendSelection.clickhouse(Map.of(), docker).backend())
                .isEqualTo(Backend.TESTCONTAINERS);
        assertThat(docker.calls).hasValue(2);
    }

    @Test
    void localEnginesWhenNeitherEnvNorDocker() {
        Probe docker = new Probe(false);
        assertThat(BackendSelection.kafka(Map.of(), docker))
                .isEqualTo(
                        new BackendChoice(
                                Backend.LOCAL,
                                "PLIMSOLL_KAFKA_BOOTSTRAP is not set and no Docker engine answers"
                                        + " (or Testcontainers is not on the test classpath)",
                                null));
        assertThat(BackendSelection.clickhouse(Map.of(), docker))
                .isEqualTo(
                        new BackendChoice(
                                Backend.LOCAL,
                                "PLIMSOLL_CLICKHOUSE_URL is not set and no Docker engine answers"
                                        + " (or Testcontainers is not on the test classpath)",
                                null));
    }

    @Test
    void eachServiceIsChosenOnItsOwn() {
        Map<String, String> env = Map.of("PLIMSOLL_CLICKHOUSE_URL", "jdbc:ch://ch:8123/db");
        Probe docker = new Probe(false);
        assertThat(BackendSelection.clickhouse(env, docker).backend()).isEqualTo(Backend.EXTERNAL);
        assertThat(BackendSelection.kafka(env, docker).backend()).isEqualTo(Backend.LOCAL);
    }

    @Test
    void blankEnvCountsAsUnset() {
        Probe docker = new Probe(false);
        Map<String, String> env =
                Map.of("PLIMSOLL_KAFKA_BOOTSTRAP", "  ", "PLIMSOLL_CLICKHOUSE_URL", "");
        assertThat(BackendSelection.kafka(env, docker).backend()).isEqualTo(Backend.LOCAL);
        assertThat(BackendSelection.clickhouse(env, docker).backend()).isEqualTo(Backend.LOCAL);
    }

    @Test
    void testcontainersCanBeSwitchedOffWithoutProbingDocker() {
        Probe docker = new Probe(true);
        Map<String, String> env = Map.of("PLIMSOLL_TESTCONTAINERS", "false");
        assertThat(BackendSelection.kafka(env, docker))
                .isEqualTo(
                        new BackendChoice(
                                Backend.LOCAL,
                                "PLIMSOLL_KAFKA_BOOTSTRAP is not set and"
                                        + " PLIMSOLL_TESTCONTAINERS=false",
                                null));
        assertThat(docker.calls).hasValue(0);
        // Any other value leaves the normal order in place.
        assertThat(
                        BackendSelection.kafka(Map.of("PLIMSOLL_TESTCONTAINERS", "true"), docker)
                                .backend())
                .isEqualTo(Backend.TESTCONTAINERS);
    }

    @Test
    void malformedEnvValuesAreRejectedByName() {
        Probe docker = new Probe(false);
        assertThatThrownBy(
                        () ->
                                BackendSelection.kafka(
                                        Map.of("PLIMSOLL_KAFKA_BOOTSTRAP", "localhost"), docker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "PLIMSOLL_KAFKA_BOOTSTRAP must be a comma-separated list of host:port,"
                                + " got 'localhost'");
        assertThatThrownBy(
                        () ->
                                BackendSelection.clickhouse(
                                        Map.of("PLIMSOLL_CLICKHOUSE_URL", "http://ch:8123"),
                                        docker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "PLIMSOLL_CLICKHOUSE_URL must be a ClickHouse JDBC URL"
                                + " (jdbc:clickhouse://host:port/database), got 'http://ch:8123'");
        assertThat(docker.calls).hasValue(0);
    }

    @Test
    void choiceInvariants() {
        assertThatThrownBy(() -> new BackendChoice(Backend.EXTERNAL, "why", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackendChoice(Backend.LOCAL, "why", "host:1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
