package dev.plimsoll.read.clickhouse;

/** ClickHouse could not be reached or did not answer in time: answered with 503. */
public final class ClickHouseUnavailableException extends RuntimeException {

    public ClickHouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
