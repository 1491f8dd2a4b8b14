package dev.plimsoll.notify.contact;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a chat contact point batches alerts, as Alertmanager's route options: alerts with equal
 * values of the {@code groupBy} labels form one group; a new group waits {@code groupWait} before
 * its first message (to collect alerts that fire together); later changes wait until {@code
 * groupInterval} after the previous message; while alerts keep firing unchanged, the message is
 * repeated after {@code repeatInterval} (rounded up to a multiple of {@code groupInterval}, as in
 * Alertmanager).
 *
 * <p>{@code groupBy} names alert labels; {@code rule}, {@code service} and {@code metric} are the
 * event's fields. The single value {@code ...} disables grouping: each alert is its own group.
 *
 * @param groupBy label names, or {@code ["..."]}
 * @param groupWait wait before the first message of a new group
 * @param groupInterval wait between messages of one group
 * @param repeatInterval how often an unchanged firing group is sent again
 */
public record Grouping(
        List<String> groupBy, Duration groupWait, Duration groupInterval, Duration repeatInterval) {

    /** The {@code groupBy} value that puts every alert in a group of its own. */
    public static final String EACH_ALERT = "...";

    public Grouping {
        groupBy = List.copyOf(groupBy);
        Objects.requireNonNull(groupWait, "groupWait");
        Objects.requireNonNull(groupInterval, "groupInterval");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
    }

    /** Alertmanager's defaults, grouped by rule: 30s, 5m, 4h. */
    public static Grouping defaults() {
        return new Grouping(
                List.of("rule"),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofHours(4));
    }

    public boolean eachAlertAlone() {
        return groupBy.equals(List.of(EACH_ALERT));
    }
}
