package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.rule.Rule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rule would have done over stored data: every evaluation time in the range, in order, from
 * a fresh state, through the same {@link RuleEngine} as the live evaluator (no silences). This is
 * how a rule is tuned before it pages anyone. Stateless and thread-safe.
 */
public final class Backtest {

    private Backtest() {}

    /**
     * One state change the rule would have made.
     *
     * @param at the evaluation time
     * @param state the state entered
     * @param value the value then, or {@code null}
     * @param fingerprint the alert's fingerprint
     * @param alertId the alert (episode)
     * @param condition {@code threshold}, {@code change}, {@code drift}, {@code all} or {@code
     *     nodata}
     * @param summary the alert's summary
     */
    public record Transition(
            Instant at,
            AlertState state,
            BigDecimal value,
            String fingerprint,
            String alertId,
            String condition,
            String summary) {}

    /** The result: the transitions, and how many evaluations ran. */
    public record Report(List<Transition> transitions, int evaluations) {}

    /** Runs {@code rule} at each of its evaluation times in {@code [from, to]}. */
    public static Report run(
            Rule rule, MetricSource source, Instant from, Instant to, RuleEngine.Deploys deploys) {
        RuleState state = null;
        List<Transition> out = new ArrayList<>();
        List<Instant> ticks = Ticks.between(from, to, rule.evaluateEvery());
        for (Instant at : ticks) {
            RuleEngine.Result r = RuleEngine.evaluate(rule, state, source, at, deploys, List.of());
            state = r.state();
            for (AlertEvent e : r.events()) {
                out.add(
                        new Transition(
                                e.at(),
                                e.state(),
                                e.value(),
                                e.fingerprint(),
                                e.alertId(),
                                e.condition(),
                                e.summary()));
            }
        }
        return new Report(out, ticks.size());
    }
}
