package dev.plimsoll.app;

import java.net.URI;

/** Reads the database out of a ClickHouse JDBC URL. */
final class JdbcUrls {
    private JdbcUrls() {}

    /**
     * The database of {@code jdbc:clickhouse://host:port/db?params}, or {@code default} when the
     * URL names none.
     *
     * @throws IllegalArgumentException when the URL is not a ClickHouse JDBC URL
     */
    static String database(String jdbcUrl) {
        String prefix = "jdbc:clickhouse:";
        if (jdbcUrl == null || !jdbcUrl.startsWith(prefix)) {
            throw new IllegalArgumentException(
                    "PLIMSOLL_CLICKHOUSE_URL must be a ClickHouse JDBC URL like"
                            + " jdbc:clickhouse://host:8123/plimsoll, but was: "
                            + jdbcUrl);
        }
        String rest = jdbcUrl.substring(prefix.length()).replaceFirst("^https?:", "");
        String path = URI.create(rest).getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "default";
        }
        return path.substring(1);
    }
}
