package dev.plimsoll.notify.kafka;

/** Kafka did not confirm a write in time; the caller may try again (503). */
public final class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
