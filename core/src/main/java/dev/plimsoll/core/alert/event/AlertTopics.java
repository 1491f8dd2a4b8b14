package dev.plimsoll.core.alert.event;

/** Kafka topics of the alerting contract. */
public final class AlertTopics {

    /**
     * {@link AlertEvent}s in the JSON of {@link AlertEventCodec}, keyed by the alert's {@code
     * fingerprint}, so the changes of one series stay in order.
     */
    public static final String EVENTS = "alerts.events.v1";

    private AlertTopics() {}
}
