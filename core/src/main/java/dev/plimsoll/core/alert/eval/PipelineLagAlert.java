package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.rule.Durations;
import dev.plimsoll.core.alert.silence.Silence;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline-lag meta-alert: one for the whole installation (rule id {@value #RULE_ID}, metric
 * {@code pipeline.lag}, condition {@code lag}, unit {@code s}), firing while finalized data is more
 * than {@code tolerance} overdue ({@link PipelineLag}). While it fires, rules evaluate only minutes
 * known to be final and raise no no-data alerts: a lagging pipeline neither silences nor fakes an
 * alert, and is itself reported. Pure; stateless and thread-safe.
 */
public final class PipelineLagAlert {

    /** The built-in rule's id and name. */
    public static final String RULE_ID = "plimsoll.pipeline-lag";

    /** Its only fingerprint. */
    public static final String FINGERPRINT = Fingerprints.of(RULE_ID, "lag", Map.of());

    private PipelineLagAlert() {}

    /** Evaluates the lag alert at {@code at}. */
    public static RuleEngine.Result evaluate(
            RuleState state,
            Duration overdue,
            Duration tolerance,
            Duration forDuration,
            Instant at,
            List<String> notify,
            List<Silence> silences) {
        if (state == null) {
            state = RuleState.fresh(RULE_ID, "lag");
        }
        boolean lagging = overdue.compareTo(tolerance) > 0;
        BigDecimal seconds = BigDecimal.valueOf(overdue.toSeconds());
        BigDecimal line = BigDecimal.valueOf(tolerance.toSeconds());
        String description =
                lagging
                        ? "finalized metrics are "
                                + Durations.format(Duration.ofSeconds(overdue.toSeconds()))
                                + " overdue (tolerance "
                                + Durations.format(tolerance)
                                + "): rules evaluate only the minutes already stored"
                        : "the pipeline is on time";
        Verdict v =
                new Verdict(
                        lagging ? Verdict.Outcome.HOLDS : Verdict.Outcome.CLEAR,
                        seconds,
                        line,
                        null,
                        Conditions.headroom(seconds, line, true),
                        0,
                        description);
        AlertTrack track = state.tracks().get(FINGERPRINT);
        Lifecycle.Step step =
                Lifecycle.step(
                        track,
                        v,
                        at,
                        state.lastTick(),
                        forDuration,
                        Duration.ZERO,
                        Fingerprints.alertId(FINGERPRINT, at));
        Map<String, AlertTrack> tracks = new HashMap<>();
        List<AlertEvent> events = new ArrayList<>();
        AlertTrack next = step.track();
        if (step.entered() != null) {
            AlertTrack basis = next != null ? next : track;
            Map<String, String> labels = Map.of("rule", "pipeline-lag", "metric", "pipeline.lag");
            boolean silenced = silences.stream().anyMatch(s -> s.mutes(labels, at));
            events.add(
                    new AlertEvent(
                            Fingerprints.eventId(basis.alertId(), basis.events() + 1),
                            basis.alertId(),
                            RULE_ID,
                            "pipeline-lag",
                            FINGERPRINT,
                            step.entered(),
                            step.left(),
                            at,
                            basis.activeAt(),
                            step.entered() == AlertState.RESOLVED ? at : null,
                            labels,
                            Map.of(),
                            "pipeline.lag",
                            null,
                            "lag",
                            seconds,
                            "s",
                            line,
                            null,
                            null,
                            v.headroomPercent(),
                            List.of(),
                            notify,
                            "pipeline-lag: "
                                    + (step.entered() == AlertState.RESOLVED ? "resolved, " : "")
                                    + description,
                            silenced));
            if (next != null) {
                next =
                        new AlertTrack(
                                next.alertId(),
                                next.state(),
                                next.activeAt(),
                                next.heldFor(),
                                next.lastHeldAt(),
                                next.lastKnownHeld(),
                                next.events() + 1,
                                List.of(),
                                silenced,
                                v,
                                null);
            }
        }
        if (next != null) {
            tracks.put(FINGERPRINT, next);
        }
        return new RuleEngine.Result(new RuleState(RULE_ID, "lag", at, tracks), events, v);
    }
}
