package dev.plimsoll.core.alert.eval;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the evaluator remembers about one rule between evaluations (and restores after a
 * restart): the digest of the rule it evaluated, the last evaluation time, and its active alerts by
 * fingerprint. Immutable and thread-safe.
 *
 * @param ruleId the rule
 * @param digest {@link dev.plimsoll.core.alert.rule.RuleWriter#evaluationDigest} of the rule
 *     evaluated; a different digest means the rule changed and starts afresh
 * @param lastTick the last evaluation time, or {@code null} before the first
 * @param tracks the active alerts (pending or firing) by fingerprint
 */
public record RuleState(
        String ruleId, String digest, Instant lastTick, Map<String, AlertTrack> tracks) {

    public RuleState {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(digest, "digest");
        tracks = Map.copyOf(tracks);
    }

    /** A rule never evaluated. */
    public static RuleState fresh(String ruleId, String digest) {
        return new RuleState(ruleId, digest, null, Map.of());
    }
}
