package dev.plimsoll.infra.testing;

import dev.plimsoll.infra.clickhouse.JdbcUrls;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Testcontainers backend. Kept apart so that Testcontainers classes are loaded only when a
 * Docker engine was found (Testcontainers is an optional dependency).
 */
final class Containers {

    /** The official Kafka image at the version of our Kafka artifacts. */
    static final String KAFKA_IMAGE = "apache/kafka:" + AppInfoParser.getVersion();

    /** The official ClickHouse server image, a recent LTS release. */
    static final String CLICKHOUSE_IMAGE = "clickhouse/clickhouse-server:25.8";

    private Containers() {}

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static Started<KafkaService> kafka() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
        container.start();
        return new Started<>(
                new KafkaEndpoint(container.getBootstrapServers(), Backend.TESTCONTAINERS),
                container::stop);
    }

    /** Starts a ClickHouse server; the service is its JDBC URL (credentials as parameters). */
    static Started<String> clickhouse() {
        ClickHouseContainer container =
                new ClickHouseContainer(DockerImageName.parse(CLICKHOUSE_IMAGE));
        container.start();
        String url = JdbcUrls.withDatabase(container.getJdbcUrl(), "default");
        url = JdbcUrls.withParameter(url, "user", container.getUsername());
        url = JdbcUrls.withParameter(url, "password", container.getPassword());
        return new Started<>(url, container::stop);
    }
}
