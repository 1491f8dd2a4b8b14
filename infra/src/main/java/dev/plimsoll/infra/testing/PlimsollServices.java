package dev.plimsoll.infra.testing;

/**
 * Static access to the shared test services, for code that cannot take them as parameters (for
 * instance a Micronaut {@code TestPropertyProvider}).
 *
 * <p>Each service is started on first use and shared by every test of the JVM; it is stopped when
 * the JVM exits. Where a service comes from is decided once, in this order: the environment
 * variable ({@code PLIMSOLL_KAFKA_BOOTSTRAP}, {@code PLIMSOLL_CLICKHOUSE_URL}) when set;
 * Testcontainers with the official image when a Docker engine answers; otherwise the local engine
 * of this module. One INFO line says which one was chosen and why.
 *
 * <p>Thread-safe. If a service fails to start, every later call fails with the same error instead
 * of trying again.
 */
public final class PlimsollServices {

    private PlimsollServices() {}

    /** The shared Kafka cluster, started if needed. */
    public static KafkaService kafka() {
        return SharedServices.instance().kafka();
    }

    /** The shared ClickHouse server, started if needed. */
    public static ClickHouseService clickhouse() {
        return SharedServices.instance().clickhouse();
    }
}
