package dev.plimsoll.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one Plimsoll process runs and where.
 *
 * @param host HTTP bind address
 * @param port HTTP port ({@code 0} picks a free one)
 * @param dataDir where the local engines keep their data (embedded mode)
 * @param roles the roles this process runs
 * @param externalKafka bootstrap servers of an external Kafka; empty starts the local broker
 * @param externalClickHouse JDBC URL of an external ClickHouse; empty starts the local engine
 * @param kafkaPort preferred port of the local broker (falls back to a free one when taken)
 * @param clickHousePort preferred port of the local ClickHouse engine (same fallback)
 * @param embedded whether local engines may be started at all ({@code up}: yes; {@code run}: no)
 * @param properties further Micronaut properties, e.g. from tests
 */
public record AppSettings(
        String host,
        int port,
        Path dataDir,
        Set<Role> roles,
        Optional<String> externalKafka,
        Optional<String> externalClickHouse,
        int kafkaPort,
        int clickHousePort,
        boolean embedded,
        Map<String, Object> properties) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_CLICKHOUSE_PORT = 8123;

    public AppSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("at least one role is required");
        }
        properties = Map.copyOf(properties);
        if (!embedded && (externalKafka.isEmpty() || externalClickHouse.isEmpty())) {
            throw new IllegalArgumentException(
                    "without the embedded engines both Kafka and ClickHouse must be configured:"
                            + " set PLIMSOLL_KAFKA_BOOTSTRAP and PLIMSOLL_CLICKHOUSE_URL");
        }
    }

    public AppSettings withProperties(Map<String, Object> more) {
        var merged = new java.util.LinkedHashMap<String, Object>(properties);
        merged.putAll(more);
        return new AppSettings(
                host,
                port,
                dataDir,
                roles,
                externalKafka,
                externalClickHouse,
                kafkaPort,
                clickHousePort,
                embedded,
                merged);
    }

    static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
