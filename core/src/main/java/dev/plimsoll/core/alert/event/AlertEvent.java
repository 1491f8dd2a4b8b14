package dev.plimsoll.core.alert.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One state change of one alert (topic {@code alerts.events.v1}, {@link AlertEventCodec}): what the
 * evaluator publishes and the notifier delivers. An alert is one episode of one (rule, series): it
 * keeps its {@code alertId} from its first {@code pending} to its {@code resolved}; each state
 * change has its own {@code eventId}, which is stable (a replay of the same change carries the same
 * id), so consumers deduplicate on it and webhooks send it as their idempotency key ({@code
 * webhook-id}).
 *
 * <p>Numbers are exact decimals ({@link BigDecimal}, JSON strings on the wire): money stays exact
 * and latencies keep the digits the evaluator computed. {@code value}, {@code threshold}, {@code
 * baseline}, {@code errorBound} and {@code headroomPercent} may be {@code null} where they do not
 * apply (a no-data meta-alert has no value). Immutable and thread-safe: collections are
 * unmodifiable copies.
 *
 * @param eventId the identity of this state change, stable across replays
 * @param alertId the identity of the alert (one episode of one rule and series)
 * @param ruleId the rule's id
 * @param rule the rule's name
 * @param fingerprint the series' identity within the rule (hex), stable across episodes
 * @param state the state entered
 * @param previousState the state left, or {@code null} for an alert's first event
 * @param at when the change happened (the evaluation time)
 * @param startsAt when the condition began to hold
 * @param endsAt when it stopped holding; {@code null} unless {@code state} is {@code RESOLVED}
 * @param labels the rule's labels and the series' labels (e.g. {@code service}, {@code metric})
 * @param annotations the rule's annotations (summary, runbook, ...)
 * @param metric the metric, e.g. {@code latency.p95}; for meta-alerts {@code pipeline.lag} or
 *     {@code data.absent}
 * @param service the service the alert is about, or {@code null}
 * @param condition the condition kind: {@code threshold}, {@code change}, {@code drift}, {@code
 *     all}, {@code nodata} or {@code lag}
 * @param value the metric's value at {@code at}, in {@code unit}, or {@code null}
 * @param unit the unit of {@code value}, {@code threshold} and {@code baseline}: {@code ms}, {@code
 *     ratio}, {@code rps}, {@code requests}, {@code users}, a currency code, ...
 * @param threshold the line the value crossed, or {@code null}
 * @param baseline the baseline a change or drift is measured against, or {@code null}
 * @param errorBound the metric's stated relative error (e.g. {@code 0.01} for 1 %), or {@code null}
 *     when exact
 * @param headroomPercent how far the value is from the line, in percent of the line: positive while
 *     on the safe side, negative past it; {@code null} when there is no line
 * @param suspectDeploys deploys of the service shortly before the degradation began, newest first
 * @param contactPoints the contact points the rule names (JSON field {@code notify})
 * @param summary one human-readable sentence
 * @param silenced whether a silence matched the alert at {@code at}: the change is recorded but not
 *     notified (JSON {@code "silenced":true}, written only when true; added within version 1)
 */
public record AlertEvent(
        String eventId,
        String alertId,
        String ruleId,
        String rule,
        String fingerprint,
        AlertState state,
        AlertState previousState,
        Instant at,
        Instant startsAt,
        Instant endsAt,
        Map<String, String> labels,
        Map<String, String> annotations,
        String metric,
        String service,
        String condition,
        BigDecimal value,
        String unit,
        BigDecimal threshold,
        BigDecimal baseline,
        BigDecimal errorBound,
        BigDecimal headroomPercent,
        List<SuspectDeploy> suspectDeploys,
        List<String> contactPoints,
        String summary,
        boolean silenced) {

    /** An event that no silence matched (the form before {@code silenced} was added). */
    public AlertEvent(
            String eventId,
            String alertId,
            String ruleId,
            String rule,
            String fingerprint,
            AlertState state,
            AlertState previousState,
            Instant at,
            Instant startsAt,
            Instant endsAt,
            Map<String, String> labels,
            Map<String, String> annotations,
            String metric,
            String service,
            String condition,
            BigDecimal value,
            String unit,
            BigDecimal threshold,
            BigDecimal baseline,
            BigDecimal errorBound,
            BigDecimal headroomPercent,
            List<SuspectDeploy> suspectDeploys,
            List<String> contactPoints,
            String summary) {
        this(
                eventId,
                alertId,
                ruleId,
                rule,
                fingerprint,
                state,
                previousState,
                at,
                startsAt,
                endsAt,
                labels,
                annotations,
                metric,
                service,
                condition,
                value,
                unit,
                threshold,
                baseline,
                errorBound,
                headroomPercent,
                suspectDeploys,
                contactPoints,
                summary,
                false);
    }

    public AlertEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(condition, "condition");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        suspectDeploys = suspectDeploys == null ? List.of() : List.copyOf(suspectDeploys);
        contactPoints = contactPoints == null ? List.of() : List.copyOf(contactPoints);
        summary = summary == null ? "" : summary;
        if (state == AlertState.RESOLVED && endsAt == null) {
            throw new IllegalArgumentException("a resolved alert event needs endsAt");
        }
        if (state != AlertState.RESOLVED && endsAt != null) {
            throw new IllegalArgumentException(
                    "endsAt is only set on resolved alert events, not on " + state.wireName());
        }
    }
}
