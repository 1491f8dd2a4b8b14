package dev.plimsoll.infra.clickhouse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned ClickHouse schema migrations: {@code db/clickhouse/V<NNNN>__<name>.sql} on the
 * classpath, listed in order in {@code db/clickhouse/migrations.index}.
 *
 * <p>{@link #apply} creates the database if needed, records each applied migration (version, name,
 * SHA-256 of its text, time) in the table {@value #HISTORY_TABLE} of that database, runs only those
 * not yet recorded, and verifies that recorded ones were not edited since. A failing statement
 * stops with a {@link MigrationException} naming the file, the statement and ClickHouse's error.
 * ClickHouse DDL is not transactional: statements before a failing one stay applied, so migrations
 * are written to be re-runnable ({@code IF NOT EXISTS}).
 *
 * <p>Applied versions this build does not know (a newer build migrated the database) are left
 * alone. Two processes migrating at once both run the same idempotent statements; the earliest
 * record of a version wins.
 */
public final class ClickHouseMigrations {

    /** Classpath folder of the migration files. */
    public static final String LOCATION = "db/clickhouse";

    /** The index resource in {@link #LOCATION}: one file name per line, in order. */
    public static final String INDEX = "migrations.index";

    /** The history table created in each migrated database. */
    public static final String HISTORY_TABLE = "schema_migrations";

    static final Pattern FILE_NAME = Pattern.compile("V(\\d{4})__([a-z0-9_]+)\\.sql");
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseMigrations.class);

    private ClickHouseMigrations() {}

    /** One migration file. */
    record Migration(int version, String name, String file, String sql, String checksum) {}

    /**
     * Brings {@code database} up to date with this build's migrations. Idempotent.
     *
     * @param jdbcUrl a ClickHouse JDBC URL (its own database does not matter)
     * @param database the database to migrate; created if missing
     * @throws MigrationException when a migration fails or an applied one was changed
     * @throws IllegalArgumentException for a database name that is not a plain identifier
     */
    public static MigrationReport apply(String jdbcUrl, String database) {
        return apply(jdbcUrl, database, LOCATION, ClickHouseMigrations.class.getClassLoader());
    }

    static MigrationReport apply(
            String jdbcUrl, String database, String location, ClassLoader loader) {
        if (database == null || !DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException(
                    "database must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*), got "
                            + database);
        }
        List<Migration> migrations = load(location, loader);
        List<String> applied = new ArrayList<>();
        List<String> alreadyApplied = new ArrayList<>();
        // Connect through `default`: the URL may name the very database that does not exist yet.
        try (Connection connection =
                DriverManager.getConnection(JdbcUrls.withDatabase(jdbcUrl, "default"))) {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
            }
            connection.setSchema(database);
            try (Statement s = connection.createStatement()) {
                s.execute(
                        "CREATE TABLE IF NOT EXISTS `"
                                + database
                                + "`."
                                + HISTORY_TABLE
                                + " (version UInt32, name String, checksum String,"
                                + " applied_at DateTime64(3, 'UTC'))"
                                + " ENGINE = MergeTree ORDER BY version");
            }
            Map<Integer, String[]> recorded = recorded(connection, database);
            for (Migration m : migrations) {
                String[] record = recorded.get(m.version());
                if (record != null) {
                    if (!record[1].equals(m.checksum())) {
                        throw new MigrationException(
                                "ClickHouse migration "
                                        + m.file()
                                        + " was changed after it was applied to database "
                                        + database
                                        + " (recorded checksum "
                                        + record[1]
                                        + " for "
                                        + record[0]
                                        + ", file checksum "
                                        + m.checksum()
                                        + "). Applied migrations must not be edited: revert the"
                                        + " file and add a new migration instead.",
                                m.file(),
                                null,
                                0,
                                null);
                    }
                    alreadyApplied.add(m.file());
                    continue;
                }
                run(connection, database, m);
                applied.add(m.file());
            }
        } catch (SQLException e) {
            throw new MigrationException(
                    "Could not migrate ClickHouse database "
                            + database
                            + " at "
                            + jdbcUrl
                            + ": "
                            + e.getMessage(),
                    null,
                    null,
                    e.getErrorCode(),
                    e);
        }
        MigrationReport report = new MigrationReport(database, applied, alreadyApplied);
        LOG.info("{}", report);
        return report;
    }

    private static Map<Integer, String[]> recorded(Connection connection, String database)
            throws SQLException {
        Map<Integer, String[]> recorded = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT version, argMin(name, applied_at),"
                                        + " argMin(checksum, applied_at) FROM `"
                                        + database
                                        + "`."
                                        + HISTORY_TABLE
                                        + " GROUP BY version")) {
            while (rs.next()) {
                recorded.put(rs.getInt(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        return recorded;
    }

    private static void run(Connection connection, String database, Migration m) {
        LOG.info("applying ClickHouse migration {} to database {}", m.file(), database);
        List<SqlScript.Statement> statements = SqlScript.split(m.sql());
        for (int i = 0; i < statements.size(); i++) {
            SqlScript.Statement statement = statements.get(i);
            try (Statement s = connection.createStatement()) {
                s.execute(statement.sql());
            } catch (SQLException e) {
                throw new MigrationException(
                        "ClickHouse migration "
                                + m.file()
                                + " failed on database "
                                + database
                                + " at statement "
                                + (i + 1)
                                + " of "
                                + statements.size()
                                + " (line "
                                + statement.line()
                                + "):\n"
                                + abbreviate(statement.sql(), 2000)
                                + "\nClickHouse error "
                                + e.getErrorCode()
                                + ": "
                                + e.getMessage(),
                        m.file(),
                        statement.sql(),
                        e.getErrorCode(),
                        e);
            }
        }
        try (PreparedStatement insert =
                connection.prepareStatement(
                        "INSERT INTO `"
                                + database
                                + "`."
                                + HISTORY_TABLE
                                + " (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, m.version());
            insert.setString(2, m.name());
            insert.setString(3, m.checksum());
            insert.setTimestamp(4, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new MigrationException(
                    "ClickHouse migration "
                            + m.file()
                            + " ran on database "
                            + database
                            + " but could not be recorded in "
                            + HISTORY_TABLE
                            + ": "
                            + e.getMessage(),
                    m.file(),
                    null,
                    e.getErrorCode(),
                    e);
        }
    }

    /** The migrations listed in {@code location}'s index, validated and in order. */
    static List<Migration> load(String location, ClassLoader loader) {
        String indexPath = location + "/" + INDEX;
        String index = read(loader, indexPath);
        if (index == null) {
            throw new IllegalStateException("Missing classpath resource " + indexPath);
        }
        List<Migration> migrations = new ArrayList<>();
        int previous = 0;
        for (String line : index.lines().toList()) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher m = FILE_NAME.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException(
                        indexPath
                                + " lists "
                                + file
                                + ", which is not named V<NNNN>__<lowercase_name>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (version <= previous) {
                throw new IllegalStateException(
                        indexPath
                                + " must list versions in increasing order without repeats: "
                                + file
                                + " comes after version "
                                + previous);
            }
            previous = version;
            String sql = read(loader, location + "/" + file);
            if (sql == null) {
                throw new IllegalStateException(
                        indexPath + " lists " + file + ", which is not on the classpath");
            }
            migrations.add(new Migration(version, m.group(2), file, sql, checksum(sql)));
        }
        return migrations;
    }

    /** SHA-256 (hex) of the text with line endings normalized, so a CRLF checkout matches. */
    static String checksum(String sql) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] bytes = sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(digest.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + " …";
    }
}
