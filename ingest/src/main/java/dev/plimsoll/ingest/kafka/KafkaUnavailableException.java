package dev.plimsoll.ingest.kafka;

/** Kafka did not acknowledge every record of a request in time: the caller must retry. */
public final class KafkaUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
