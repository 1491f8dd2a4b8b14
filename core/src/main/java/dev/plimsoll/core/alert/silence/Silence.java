package dev.plimsoll.core.alert.silence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mutes the notifications of the alerts whose labels match every matcher, while active: between
 * {@code startsAt} and {@code endsAt} (either may be open), and, with a {@code weekly} window, only
 * inside it. Alerts still change state and are recorded; their events carry {@code silenced}.
 * Immutable and thread-safe.
 *
 * @param id the silence's id
 * @param matchers all must match (at least one)
 * @param startsAt from when, or {@code null} (always since creation)
 * @param endsAt until when (exclusive), or {@code null} (a recurring window without end)
 * @param weekly a recurring weekly window, or {@code null}
 * @param comment why
 * @param createdBy who
 * @param createdAt when it was created
 */
public record Silence(
        String id,
        List<Matcher> matchers,
        Instant startsAt,
        Instant endsAt,
        WeeklyWindow weekly,
        String comment,
        String createdBy,
        Instant createdAt) {

    public Silence {
        Objects.requireNonNull(id, "id");
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        comment = comment == null ? "" : comment;
        createdBy = createdBy == null ? "" : createdBy;
        Objects.requireNonNull(createdAt, "createdAt");
        if (weekly == null && (startsAt == null || endsAt == null)) {
            throw new IllegalArgumentException("a one-off silence needs startsAt and endsAt");
        }
    }

    /** Whether the silence mutes anything at {@code at}. */
    public boolean activeAt(Instant at) {
        return (startsAt == null || !at.isBefore(startsAt))
                && (endsAt == null || at.isBefore(endsAt))
                && (weekly == null || weekly.contains(at));
    }

    /** Whether it mutes an alert with {@code labels} at {@code at}. */
    public boolean mutes(Map<String, String> labels, Instant at) {
        return activeAt(at) && matchers.stream().allMatch(m -> m.matches(labels));
    }

    /** Whether it has ended for good (a one-off past its end). */
    public boolean expiredAt(Instant at) {
        return endsAt != null && !at.isBefore(endsAt);
    }
}
