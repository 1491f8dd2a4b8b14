package dev.plimsoll.infra.testing;

/**
 * A Kafka cluster for tests, shared by every test of the JVM. Resolved as a test-method or
 * constructor parameter by {@link PlimsollServicesExtension}, or obtained with {@link
 * PlimsollServices#kafka()}.
 *
 * <p>Topics are shared too: tests should use their own topic names (or unique suffixes) rather than
 * assume an empty cluster.
 */
public interface KafkaService {

    /** The bootstrap address for Kafka clients, for instance {@code "127.0.0.1:40263"}. */
    String bootstrapServers();
}
