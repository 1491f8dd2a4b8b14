package dev.plimsoll.notify.delivery;

/** What the sender reports as it works; the notify role exports it to Micrometer. */
public interface DeliveryMetrics {

    /** No reporting. */
    DeliveryMetrics NONE = new DeliveryMetrics() {};

    /**
     * One attempt ended.
     *
     * @param type the contact point's type, e.g. {@code slack}
     * @param outcome {@code delivered}, {@code retry} or {@code failed}
     */
    default void attempted(String type, String outcome) {}

    /**
     * A delivery reached a final status.
     *
     * @param type the contact point's type, or {@code unknown}
     * @param status {@code delivered} or {@code dead}
     */
    default void finished(String type, DeliveryStatus status) {}
}
