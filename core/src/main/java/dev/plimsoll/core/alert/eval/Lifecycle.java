package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.event.AlertState;

import java.time.Duration;
import java.time.Instant;

/**
 * An alert's life as one small state machine, after Prometheus' alerting rules: inactive → pending
 * (the condition holds) → firing (it has held for {@code for}) → resolved (it stopped holding, and
 * {@code keepFiringFor} has passed); a pending alert whose condition stops resolves without firing;
 * with {@code for} = 0 an alert fires at once.
 *
 * <p>Unknown data (no data, too few samples) changes nothing: a pending alert stays pending with
 * its {@code for} clock paused, a firing one keeps firing. The {@code for} clock counts only time
 * during which the condition was known to hold at consecutive evaluations, so a gap in the data
 * cannot complete it.
 *
 * <p>Pure: time is an input. Stateless and thread-safe.
 */
public final class Lifecycle {

    private Lifecycle() {}

    /**
     * One evaluation's effect on an alert.
     *
     * @param track the alert after the evaluation, {@code null} when inactive or resolved
     * @param entered the state entered at this evaluation, or {@code null} when none changed
     * @param left the state left ({@code null} for a new alert or no change)
     */
    public record Step(AlertTrack track, AlertState entered, AlertState left) {}

    /**
     * Applies one verdict.
     *
     * @param track the alert before, {@code null} when inactive
     * @param verdict the evaluation's verdict
     * @param at the evaluation time
     * @param previousAt the previous evaluation time, {@code null} for the first
     * @param forDuration how long the condition must hold before firing
     * @param keepFiringFor how long a firing alert outlives its condition
     * @param newAlertId the id a new alert gets
     */
    public static Step step(
            AlertTrack track,
            Verdict verdict,
            Instant at,
            Instant previousAt,
            Duration forDuration,
            Duration keepFiringFor,
            String newAlertId) {
        Verdict.Outcome o = verdict.outcome();
        if (track == null) {
            if (o != Verdict.Outcome.HOLDS) {
                return new Step(null, null, null);
            }
            AlertState state = forDuration.isZero() ? AlertState.FIRING : AlertState.PENDING;
            return new Step(
                    new AlertTrack(
                            newAlertId,
                            state,
                            at,
                            Duration.ZERO,
                            at,
                            true,
                            0,
                            null,
                            false,
                            verdict,
                            null),
                    state,
                    null);
        }
        if (!verdict.known()) {
            return new Step(
                    new AlertTrack(
                            track.alertId(),
                            track.state(),
                            track.activeAt(),
                            track.heldFor(),
                            track.lastHeldAt(),
                            false,
                            track.events(),
                            track.suspects(),
                            track.silenced(),
                            track.last(),
                            track.clearSince()),
                    null,
                    null);
        }
        if (o == Verdict.Outcome.HOLDS) {
            Duration held = track.heldFor();
            if (track.lastKnownHeld()
                    && previousAt != null
                    && track.lastHeldAt().equals(previousAt)) {
                held = held.plus(Duration.between(previousAt, at));
            }
            AlertTrack next =
                    new AlertTrack(
                            track.alertId(),
                            track.state(),
                            track.activeAt(),
                            held,
                            at,
                            true,
                            track.events(),
                            track.suspects(),
                            track.silenced(),
                            verdict,
                            null);
            if (track.state() == AlertState.PENDING && held.compareTo(forDuration) >= 0) {
                return new Step(
                        withState(next, AlertState.FIRING), AlertState.FIRING, AlertState.PENDING);
            }
            return new Step(next, null, null);
        }
        // CLEAR: keepFiringFor counts from the first evaluation that found it clear (Prometheus).
        Instant clearSince = track.clearSince() == null ? at : track.clearSince();
        if (track.state() == AlertState.FIRING
                && Duration.between(clearSince, at).compareTo(keepFiringFor) < 0) {
            return new Step(
                    new AlertTrack(
                            track.alertId(),
                            track.state(),
                            track.activeAt(),
                            track.heldFor(),
                            track.lastHeldAt(),
                            false,
                            track.events(),
                            track.suspects(),
                            track.silenced(),
                            track.last(),
                            clearSince),
                    null,
                    null);
        }
        return new Step(null, AlertState.RESOLVED, track.state());
    }

    private static AlertTrack withState(AlertTrack t, AlertState state) {
        return new AlertTrack(
                t.alertId(),
                state,
                t.activeAt(),
                t.heldFor(),
                t.lastHeldAt(),
                t.lastKnownHeld(),
                t.events(),
                t.suspects(),
                t.silenced(),
                t.last(),
                t.clearSince());
    }
}
