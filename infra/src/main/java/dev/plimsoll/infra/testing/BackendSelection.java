package dev.plimsoll.infra.testing;

import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The order of choice for shared test services, as a pure function of the environment and of
 * whether a Docker engine answers: the service's environment variable when set (and not blank);
 * else Testcontainers when {@code dockerAvailable} says so (it is not asked otherwise, and not at
 * all when {@value #TESTCONTAINERS_ENV} is {@code false}); else the local engine.
 */
final class BackendSelection {

    static final String KAFKA_ENV = "PLIMSOLL_KAFKA_BOOTSTRAP";
    static final String CLICKHOUSE_ENV = "PLIMSOLL_CLICKHOUSE_URL";

    /** {@code false} skips the Docker probe and Testcontainers; anything else is ignored. */
    static final String TESTCONTAINERS_ENV = "PLIMSOLL_TESTCONTAINERS";

    /** {@code host:port} entries separated by commas, as Kafka clients accept them. */
    private static final Pattern BOOTSTRAP =
            Pattern.compile("[^,:\\s]+:\\d{1,5}(,\\s*[^,:\\s]+:\\d{1,5})*");

    private BackendSelection() {}

    static BackendChoice kafka(Map<String, String> env, BooleanSupplier dockerAvailable) {
        String bootstrap = value(env, KAFKA_ENV);
        if (bootstrap != null && !BOOTSTRAP.matcher(bootstrap).matches()) {
            throw new IllegalArgumentException(
                    KAFKA_ENV
                            + " must be a comma-separated list of host:port, got '"
                            + bootstrap
                            + "'");
        }
        return choose(KAFKA_ENV, bootstrap, env, dockerAvailable);
    }

    static BackendChoice clickhouse(Map<String, String> env, BooleanSupplier dockerAvailable) {
        String url = value(env, CLICKHOUSE_ENV);
        if (url != null && !(url.startsWith("jdbc:clickhouse:") || url.startsWith("jdbc:ch:"))) {
            throw new IllegalArgumentException(
                    CLICKHOUSE_ENV
                            + " must be a ClickHouse JDBC URL"
                            + " (jdbc:clickhouse://host:port/database), got '"
                            + url
                            + "'");
        }
        return choose(CLICKHOUSE_ENV, url, env, dockerAvailable);
    }

    private static BackendChoice choose(
            String variable,
            String externalAddress,
            Map<String, String> env,
            BooleanSupplier dockerAvailable) {
        Objects.requireNonNull(dockerAvailable, "dockerAvailable");
        if (externalAddress != null) {
            return new BackendChoice(Backend.EXTERNAL, variable + " is set", externalAddress);
        }
        if ("false".equalsIgnoreCase(value(env, TESTCONTAINERS_ENV))) {
            return new BackendChoice(
                    Backend.LOCAL,
                    variable + " is not set and " + TESTCONTAINERS_ENV + "=false",
                    null);
        }
        if (dockerAvailable.getAsBoolean()) {
            return new BackendChoice(
                    Backend.TESTCONTAINERS,
                    variable + " is not set and a Docker engine answers",
                    null);
        }
        return new BackendChoice(
                Backend.LOCAL,
                variable
                        + " is not set and no Docker engine answers (or Testcontainers is not on"
                        + " the test classpath)",
                null);
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
