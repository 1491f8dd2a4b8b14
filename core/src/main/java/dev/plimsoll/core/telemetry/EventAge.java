package dev.plimsoll.core.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * The accepted age of request events: how far in the past a request may have started and still be
 * accepted at intake. Older events are rejected there, per record, with a message naming the limit,
 * so that the sender knows; everything accepted is counted later however late it reaches the
 * streams job (ADR 0011) — nothing is dropped afterwards for its age.
 *
 * <p>The default is the retention of the minute table, 14 days: an older minute is gone from {@code
 * service_minute} anyway, so a correction of it could not be read back at minute resolution.
 *
 * <p>Stateless and thread-safe; so are the guards it returns.
 */
public final class EventAge {

    /** The configuration key of the limit (ingest). */
    public static final String SETTING = "plimsoll.ingest.max-event-age";

    /** The default limit: the minute table's retention. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(14);

    private EventAge() {}

    /**
     * The per-record guard rejecting events that started more than {@code maxAge} before {@code
     * nowMicros}, field {@code start}, for {@link TelemetryBatches#decodeJson(byte[],
     * TelemetryCodec, long, int, Function)} and other decode loops. An event exactly {@code maxAge}
     * old is accepted. Cost per record: one comparison.
     *
     * @param maxAge the accepted age, positive
     * @param nowMicros the server's time, epoch microseconds
     */
    public static Function<RequestEvent, Validation<RequestEvent>> guard(
            Duration maxAge, long nowMicros) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException(SETTING + " must be positive, was " + maxAge);
        }
        long maxAgeMicros = maxAge.toNanos() / 1000;
        long oldest = nowMicros - maxAgeMicros;
        String limit = "is older than the accepted age of " + readable(maxAge) + " (" + SETTING;
        return event -> {
            if (event.startMicros() >= oldest) {
                return Validation.accepted(event);
            }
            long startMs = Math.floorDiv(event.startMicros(), 1000);
            long nowMs = Math.floorDiv(nowMicros, 1000);
            return Validation.rejected(
                    "start",
                    limit
                            + "): "
                            + Instant.ofEpochMilli(startMs)
                            + " is "
                            + readable(Duration.ofMillis(nowMs - startMs))
                            + " before the server's time "
                            + Instant.ofEpochMilli(nowMs));
        };
    }

    /**
     * A guard applying {@code first}, then {@code then} to what {@code first} accepted (possibly
     * changed, e.g. stamped with a tenant).
     */
    public static <T> Function<T, Validation<T>> andThen(
            Function<? super T, Validation<T>> first, Function<? super T, Validation<T>> then) {
        return value -> {
            Validation<T> checked = first.apply(value);
            return checked instanceof Validation.Accepted<T> accepted
                    ? then.apply(accepted.value())
                    : checked;
        };
    }

    /**
     * {@code 14d}, {@code 16d 2h 0m 1s}, {@code 14d 0h 0m 0.001s}, {@code 3h 5m}, {@code 45s},
     * {@code 250ms}: for people, from the largest to the smallest unit that is not zero.
     */
    public static String readable(Duration d) {
        if (d.isNegative()) {
            return "-" + readable(d.negated());
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        String seconds =
                d.toMillisPart() == 0
                        ? Integer.toString(d.toSecondsPart())
                        : String.format(
                                        java.util.Locale.ROOT,
                                        "%d.%03d",
                                        d.toSecondsPart(),
                                        d.toMillisPart())
                                .replaceAll("0+$", "");
        String[] parts = {
            d.toDays() + "d", d.toHoursPart() + "h", d.toMinutesPart() + "m", seconds + "s"
        };
        boolean[] nonZero = {
            d.toDays() > 0,
            d.toHoursPart() > 0,
            d.toMinutesPart() > 0,
            d.toSecondsPart() > 0 || d.toMillisPart() > 0
        };
        int first = 0;
        while (!nonZero[first]) {
            first++;
        }
        int last = nonZero.length - 1;
        while (!nonZero[last]) {
            last--;
        }
        return String.join(" ", java.util.Arrays.copyOfRange(parts, first, last + 1));
    }
}
