package dev.plimsoll.infra.clickhouse;

/**
 * A schema migration could not be applied, or an applied one was changed. The message names the
 * migration file and, for a failing statement, the statement and ClickHouse's error; startup should
 * stop with it.
 */
public final class MigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String statement;
    private final int errorCode;

    MigrationException(
            String message, String file, String statement, int errorCode, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.statement = statement;
        this.errorCode = errorCode;
    }

    /** The migration file, e.g. {@code V0001__service_metrics.sql}; null if none is to blame. */
    public String file() {
        return file;
    }

    /** The failing statement, or null when the failure is not a statement's. */
    public String statement() {
        return statement;
    }

    /** ClickHouse's error code, or 0. */
    public int errorCode() {
        return errorCode;
    }
}
