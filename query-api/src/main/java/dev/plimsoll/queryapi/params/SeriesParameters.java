package dev.plimsoll.queryapi.params;

import dev.plimsoll.read.params.Quantile;
import dev.plimsoll.read.params.Step;
import dev.plimsoll.read.params.TimeRange;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses and validates the query parameters shared by the {@code /api/v1} endpoints, collecting
 * every problem so that one 400 response lists them all.
 *
 * <p>Not thread-safe: one instance per request.
 */
public final class SeriesParameters {

    /** Earliest and latest accepted times: the range of ClickHouse's {@code DateTime}. */
    static final Instant EARLIEST = Instant.EPOCH;

    static final Instant LATEST = Instant.parse("2106-02-07T06:28:00Z");

    private static final int MAX_NAME_LENGTH = 256;
    private static final int MAX_OPERATION_LENGTH = 1024;

    private final List<InvalidParameter> problems = new ArrayList<>();

    /** Records a problem with {@code name}. */
    public void reject(String name, String reason) {
        problems.add(new InvalidParameter(name, reason));
    }

    /** Throws {@link InvalidParametersException} listing every problem recorded so far. */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidParametersException(problems);
        }
    }

    /**
     * The required {@code from}/{@code to} range; {@code null} (with problems recorded) when
     * missing, unparseable or {@code from >= to}.
     */
    public TimeRange range(String from, String to) {
        Instant start = time("from", from);
        Instant end = time("to", to);
        if (start == null || end == null) {
            return null;
        }
        if (!start.isBefore(end)) {
            reject(
                    "from",
                    "must be before to, but from is "
                            + TimeRange.format(start)
                            + " and to is "
                            + TimeRange.format(end)
                            + ".");
            return null;
        }
        return new TimeRange(start, end);
    }

    /**
     * The optional {@code step}, checked against the point limit for {@code range} (skipped when
     * the range is invalid).
     */
    public Optional<Step> step(String text, TimeRange range, int maxPoints) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Step step;
        try {
            step = Step.parse(text.strip());
        } catch (IllegalArgumentException e) {
            reject("step", e.getMessage());
            return Optional.empty();
        }
        if (range != null) {
            long points = pointCount(range, step);
            if (points > maxPoints) {
                reject(
                        "step",
                        "a step of "
                                + step.label()
                                + " gives "
                                + points
                                + " points for this range, more than the limit of "
                                + maxPoints
                                + "; use a step of at least "
                                + Step.label(smallestStep(range, maxPoints))
                                + " or a shorter range.");
            }
        }
        return Optional.of(step);
    }

    /** The optional {@code quantiles} list, {@link Quantile#DEFAULT} when absent. */
    public List<Quantile> quantiles(String text) {
        try {
            return Quantile.parseList(text == null ? Quantile.DEFAULT : text);
        } catch (IllegalArgumentException e) {
            reject("quantiles", e.getMessage());
            return List.of();
        }
    }

    /** The {@code service} path parameter: 1 to 256 characters, not blank. */
    public String service(String service) {
        if (service == null || service.isBlank()) {
            reject("service", "must name a service.");
        } else if (service.length() > MAX_NAME_LENGTH) {
            reject("service", "is longer than " + MAX_NAME_LENGTH + " characters.");
        }
        return service;
    }

    /** The optional {@code operation}; absent or empty means the whole service. */
    public String operation(String operation) {
        if (operation == null) {
            return "";
        }
        if (operation.length() > MAX_OPERATION_LENGTH) {
            reject("operation", "is longer than " + MAX_OPERATION_LENGTH + " characters.");
        }
        return operation;
    }

    /** The optional {@code tenant} as sent ({@code null} when absent), checked for length. */
    public String tenant(String tenant) {
        if (tenant != null && tenant.length() > MAX_NAME_LENGTH) {
            reject("tenant", "is longer than " + MAX_NAME_LENGTH + " characters.");
        }
        return tenant;
    }

    /** Number of step-aligned points that minutes of {@code range} fall into. */
    static long pointCount(TimeRange range, Step step) {
        if (range.containsNoMinute()) {
            return 0;
        }
        long lastMinute = range.endMinute() - Step.MINUTE;
        return (step.floor(lastMinute) - step.floor(range.firstMinute())) / step.seconds() + 1;
    }

    /** The smallest whole-minute step giving at most {@code maxPoints} points for the range. */
    static long smallestStep(TimeRange range, int maxPoints) {
        long minutes = Math.max(1, (range.endMinute() - range.firstMinute()) / Step.MINUTE);
        long candidate = Math.max(1, minutes / maxPoints) * Step.MINUTE;
        while (candidate < Step.MAX_SECONDS && pointCount(range, new Step(candidate)) > maxPoints) {
            candidate += Step.MINUTE;
        }
        return candidate;
    }

    private Instant time(String name, String text) {
        if (text == null || text.isEmpty()) {
            reject(name, "is required: an RFC 3339 time such as 2024-05-01T00:00:00Z.");
            return null;
        }
        Instant instant;
        try {
            // RFC 3339 allows lower-case 't' and 'z'; ISO_OFFSET_DATE_TIME wants upper case.
            instant =
                    OffsetDateTime.parse(
                                    text.strip().toUpperCase(Locale.ROOT),
                                    DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .toInstant();
        } catch (DateTimeParseException e) {
            reject(
                    name,
                    "'"
                            + text
                            + "' is not an RFC 3339 time; expected e.g. 2024-05-01T00:00:00Z or"
                            + " 2024-05-01T02:00:00+02:00.");
            return null;
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            reject(
                    name,
                    "must lie between "
                            + TimeRange.format(EARLIEST)
                            + " and "
                            + TimeRange.format(LATEST)
                            + ".");
            return null;
        }
        return instant;
    }
}
