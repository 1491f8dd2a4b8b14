package dev.plimsoll.read.clickhouse;

/**
 * ClickHouse answered a query with an error that retrying will not fix (for example a schema that
 * was never migrated): answered with 500; the details go to the log, not to the client.
 */
public final class QueryFailedException extends RuntimeException {

    public QueryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
