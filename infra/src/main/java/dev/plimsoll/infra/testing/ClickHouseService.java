package dev.plimsoll.infra.testing;

/**
 * A ClickHouse server for tests, shared by every test of the JVM. Resolved as a test-method or
 * constructor parameter by {@link PlimsollServicesExtension}, or obtained with {@link
 * PlimsollServices#clickhouse()}.
 *
 * <p>Tests isolate themselves with {@link #createDatabase}: each call creates a new database with a
 * unique name, so tests never see each other's rows.
 */
public interface ClickHouseService {

    /**
     * A JDBC URL of the server: its {@code default} database for the local engine and containers,
     * {@code PLIMSOLL_CLICKHOUSE_URL} as given for an external server. Prefer {@link
     * #createDatabase} for anything that writes.
     */
    String jdbcUrl();

    /**
     * Creates a database named {@code <prefix>_<unique suffix>}, applies the Plimsoll schema
     * migrations to it and returns its JDBC URL.
     *
     * @param prefix letters, digits and underscores, starting with a letter (at most 40
     *     characters); it makes the database recognizable when debugging
     * @throws IllegalArgumentException if the prefix is not such a name
     */
    String createDatabase(String prefix);

    /** Like {@link #createDatabase} but without migrations: the database is empty. */
    String createEmptyDatabase(String prefix);
}
