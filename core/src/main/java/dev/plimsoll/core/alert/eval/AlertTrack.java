package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.event.SuspectDeploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The state of one active alert (pending or firing) of one rule and series: what the evaluator
 * keeps between evaluations and restores after a restart. An inactive series has no track.
 *
 * @param alertId the alert's identity (one episode)
 * @param state {@link AlertState#PENDING} or {@link AlertState#FIRING}
 * @param activeAt when the condition began to hold (the first evaluation that found it)
 * @param heldFor how long the condition has been known to hold without a break (the {@code for}
 *     clock; evaluations with unknown data pause it)
 * @param lastHeldAt the last evaluation at which it held
 * @param lastKnownHeld whether the last evaluation with known data found it holding
 * @param events how many events this alert has published (the next event id is {@code
 *     alertId-(n+1)})
 * @param suspects the suspect deploys named when it fired
 * @param silenced whether its last published event was silenced
 * @param last the last verdict that held, for the values carried by later events
 * @param clearSince while a firing alert is kept firing by {@code keepFiringFor}: the first
 *     evaluation that found the condition clear; otherwise {@code null}
 */
public record AlertTrack(
        String alertId,
        AlertState state,
        Instant activeAt,
        Duration heldFor,
        Instant lastHeldAt,
        boolean lastKnownHeld,
        int events,
        List<SuspectDeploy> suspects,
        boolean silenced,
        Verdict last,
        Instant clearSince) {

    public AlertTrack {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(activeAt, "activeAt");
        Objects.requireNonNull(heldFor, "heldFor");
        Objects.requireNonNull(lastHeldAt, "lastHeldAt");
        suspects = suspects == null ? List.of() : List.copyOf(suspects);
        if (state == AlertState.RESOLVED) {
            throw new IllegalArgumentException("a resolved alert has no track");
        }
    }
}
