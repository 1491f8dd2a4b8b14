package dev.plimsoll.streams.sink;

/** The sink cannot run: ClickHouse is unreachable or its tables are missing or unusable. */
public final class SinkException extends RuntimeException {
    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
