package dev.plimsoll.infra.testing;

import dev.plimsoll.infra.clickhouse.JdbcUrls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A {@link ClickHouseService} over a running server. Database names are {@code <prefix>_<run
 * id>_<n>}: the counter makes them unique in the JVM, the random run id across JVMs sharing one
 * external server.
 *
 * <p>On an external server the databases created here are dropped by {@link #close}; the local
 * engine and containers are thrown away whole.
 */
final class ClickHouseServer implements ClickHouseService, AutoCloseable {

    /** Applies the schema migrations to one database of the server at a JDBC URL. */
    @FunctionalInterface
    interface Migrator {
        void apply(String jdbcUrl, String database);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseServer.class);
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    private final String jdbcUrl;
    private final Backend backend;
    private final UnaryOperator<String> urlForDatabase;
    private final Migrator migrator;
    private final String runId;
    private final AtomicInteger counter = new AtomicInteger();
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    /**
     * @param jdbcUrl URL of the server's {@code default} database
     * @param urlForDatabase the URL of another database of the same server
     */
    ClickHouseServer(
            String jdbcUrl,
            Backend backend,
            UnaryOperator<String> urlForDatabase,
            Migrator migrator) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.urlForDatabase = Objects.requireNonNull(urlForDatabase, "urlForDatabase");
        this.migrator = Objects.requireNonNull(migrator, "migrator");
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        this.runId = HexFormat.of().formatHex(random);
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public String createDatabase(String prefix) {
        String database = createEmpty(prefix);
        try {
            migrator.apply(jdbcUrl, database);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Schema migrations failed on test database " + database + ": " + e.getMessage(),
                    e);
        }
        return urlForDatabase.apply(database);
    }

    @Override
    public String createEmptyDatabase(String prefix) {
        return urlForDatabase.apply(createEmpty(prefix));
    }

    /** Drops the databases created here when the server outlives the test run. */
    @Override
    public void close() {
        if (backend != Backend.EXTERNAL || created.isEmpty()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement()) {
            for (String database : created) {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
            LOG.info(
                    "Dropped {} test databases from {}",
                    created.size(),
                    JdbcUrls.redacted(jdbcUrl));
        } catch (SQLException e) {
            LOG.warn(
                    "Could not drop test databases {} from {}",
                    created,
                    JdbcUrls.redacted(jdbcUrl),
                    e);
        }
    }

    @Override
    public String toString() {
        return "ClickHouse[" + backend.label() + ", " + JdbcUrls.redacted(jdbcUrl) + "]";
    }

    private String createEmpty(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "prefix must start with a letter and contain only letters, digits and"
                            + " underscores (at most 40 characters), got "
                            + (prefix == null ? "null" : "'" + prefix + "'"));
        }
        String database = prefix + "_" + runId + "_" + counter.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot create test database "
                            + database
                            + " on "
                            + jdbcUrl
                            + ": "
                            + e.getMessage(),
                    e);
        }
        created.add(database);
        return database;
    }
}
