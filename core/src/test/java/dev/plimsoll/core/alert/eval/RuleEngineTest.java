package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.event.SuspectDeploy;
import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.silence.Matcher;
import dev.plimsoll.core.alert.silence.Silence;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.plimsoll.core.alert.eval.Series.minute;
import static org.assertj.core.api.Assertions.assertThat;

class RuleEngineTest {

    private static final Rule RULE =
            Rules.json(
                    "{\"name\":\"checkout-p95\",\"metric\":\"latency.p95\",\"service\":\"checkout\",\"labels\":{\"team\":\"payments\"},"
                        + "\"notify\":[\"oncall\"],\"condition\":{\"type\":\"threshold\",\"above\":\"300ms\",\"for\":\"2m\"},"
                        + "\"suspectLookback\":\"30m\"}");

    private static final SliceSeries STEP =
            new Series().minutes(0, 20, 100, 200).minutes(20, 60, 100, 400).source();

    private static List<AlertEvent> runTo(
            long lastMinute, List<Silence> silences, RuleEngine.Deploys deploys) {
        RuleState state = null;
        List<AlertEvent> events = new ArrayList<>();
        for (long k = 15; k <= lastMinute; k++) {
            RuleEngine.Result r =
                    RuleEngine.evaluate(RULE, state, STEP, minute(k), deploys, silences);
            state = r.state();
            events.addAll(r.events());
        }
        return events;
    }

    /**
     * Deploys: 10:09 (minute 9 of the day — before the first degraded window's lookback: the window
     * at activeAt 21 starts at 16, minus 30m lookback = minute −14, so all of these count), minute
     * 19, minute 22 (after the alert began: not a suspect), and another service's.
     */
    @Test
    void firingNamesTheSuspectDeploysNewestFirst() {
        RuleEngine.Deploys deploys =
                (service, from, to) ->
                        List.of(
                                        new SuspectDeploy("checkout", "v1", minute(9)),
                                        new SuspectDeploy("checkout", "v2", minute(19)),
                                        new SuspectDeploy("checkout", "v3", minute(22)),
                                        new SuspectDeploy("search", "v9", minute(19)))
                                .stream()
                                .filter(
                                        d ->
                                                d.service().equals(service)
                                                        && !d.at().isBefore(from)
                                                        && !d.at().isAfter(to))
                                .toList();

        List<AlertEvent> events = runTo(30, List.of(), deploys);

        assertThat(events)
                .extracting(AlertEvent::state)
                .containsExactly(AlertState.PENDING, AlertState.FIRING);
        AlertEvent firing = events.get(1);
        assertThat(firing.suspectDeploys())
                .extracting(SuspectDeploy::version)
                .containsExactly("v2", "v1");
        assertThat(firing.summary()).contains("suspect deploys checkout v2 at", "checkout v1 at");
        assertThat(firing.labels())
                .isEqualTo(
                        Map.of(
                                "team",
                                "payments",
                                "service",
                                "checkout",
                                "rule",
                                "checkout-p95",
                                "metric",
                                "latency.p95"));
        assertThat(firing.contactPoints()).containsExactly("oncall");
        assertThat(firing.previousState()).isEqualTo(AlertState.PENDING);
        assertThat(firing.startsAt()).isEqualTo(minute(21));
        assertThat(firing.alertId()).isEqualTo(events.get(0).alertId());
        assertThat(firing.eventId()).isEqualTo(firing.alertId() + "-2");
        assertThat(events.get(0).eventId()).isEqualTo(firing.alertId() + "-1");
    }

    @Test
    void theSameEvaluationGivesTheSameEventsWithTheSameIds() {
        RuleState before = null;
        for (long k = 15; k < 23; k++) {
            before =
                    RuleEngine.evaluate(
                                    RULE,
                                    before,
                                    STEP,
                                    minute(k),
                                    RuleEngine.Deploys.NONE,
                                    List.of())
                            .state();
        }
        RuleEngine.Result once =
                RuleEngine.evaluate(
                        RULE, before, STEP, minute(23), RuleEngine.Deploys.NONE, List.of());
        RuleEngine.Result replay =
                RuleEngine.evaluate(
                        RULE,
                        RuleStateCodecTest.roundTrip(before),
                        STEP,
                        minute(23),
                        RuleEngine.Deploys.NONE,
                        List.of());

        assertThat(once.events()).hasSize(1);
        assertThat(replay.events()).isEqualTo(once.events());
        assertThat(replay.state()).isEqualTo(once.state());
    }

    /**
     * A silence from minute 0 to 25 covers the firing at 23 (recorded, silenced); at 25 it has
     * ended and the still-firing alert is notified once (firing → firing, not silenced).
     */
    @Test
    void aSilenceMutesAndItsEndNotifiesOnce() {
        Silence s =
                new Silence(
                        "s",
                        List.of(new Matcher("team", Matcher.Op.EQUAL, "payments")),
                        minute(0),
                        minute(25),
                        null,
                        "",
                        "",
                        minute(0));

        List<AlertEvent> events = runTo(30, List.of(s), RuleEngine.Deploys.NONE);

        assertThat(events)
                .extracting(
                        AlertEvent::state,
                        AlertEvent::previousState,
                        AlertEvent::silenced,
                        AlertEvent::at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                AlertState.PENDING, null, true, minute(21)),
                        org.assertj.core.groups.Tuple.tuple(
                                AlertState.FIRING, AlertState.PENDING, true, minute(23)),
                        org.assertj.core.groups.Tuple.tuple(
                                AlertState.FIRING, AlertState.FIRING, false, minute(25)));
        assertThat(events.get(2).eventId()).isEqualTo(events.get(2).alertId() + "-3");
    }

    @Test
    void retiringAChangedRuleResolvesItsAlerts() {
        RuleState state = null;
        for (long k = 15; k <= 24; k++) {
            state =
                    RuleEngine.evaluate(
                                    RULE,
                                    state,
                                    STEP,
                                    minute(k),
                                    RuleEngine.Deploys.NONE,
                                    List.of())
                            .state();
        }

        RuleEngine.Result r = RuleEngine.retire(RULE, state, minute(25), "rule deleted", List.of());

        assertThat(r.events())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.state()).isEqualTo(AlertState.RESOLVED);
                            assertThat(e.previousState()).isEqualTo(AlertState.FIRING);
                            assertThat(e.endsAt()).isEqualTo(minute(25));
                            assertThat(e.summary()).endsWith("(rule deleted)");
                        });
        assertThat(r.state().tracks()).isEmpty();
    }

    /** A gap of unknown data pauses the for clock: pending at 21, no data 22–27, fires at 30. */
    @Test
    void unknownDataPausesTheForClock() {
        Series s =
                new Series()
                        .minutes(0, 17, 100, 200)
                        .minutes(17, 18, 100, 400)
                        .minutes(28, 60, 100, 400);
        Rule rule =
                Rules.json(
                        "{\"name\":\"g\",\"metric\":\"latency.p95\",\"service\":\"checkout\","
                            + "\"condition\":{\"type\":\"threshold\",\"above\":\"300ms\",\"for\":\"2m\",\"window\":\"1m\"}}");

        List<Backtest.Transition> t =
                Backtest.run(rule, s.source(), minute(10), minute(40), RuleEngine.Deploys.NONE)
                        .transitions()
                        .stream()
                        .filter(x -> x.condition().equals("threshold"))
                        .toList();

        // 18: pending (minute 17 at 400). 19–28: windows empty (unknown, paused). 29 sees minute 28
        // (held, but the previous evaluation was unknown: clock stays 0), 30: +1m, 31: +2m →
        // firing.
        assertThat(t)
                .extracting(Backtest.Transition::at, Backtest.Transition::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(minute(18), AlertState.PENDING),
                        org.assertj.core.groups.Tuple.tuple(minute(31), AlertState.FIRING));
    }

    @Test
    void pipelineLagFiresAndResolves() {
        Instant at = Instant.parse("2026-03-02T10:00:00Z");
        RuleEngine.Result quiet =
                PipelineLagAlert.evaluate(
                        null,
                        Duration.ofSeconds(90),
                        Duration.ofMinutes(2),
                        Duration.ZERO,
                        at,
                        List.of("ops"),
                        List.of());
        RuleEngine.Result late =
                PipelineLagAlert.evaluate(
                        quiet.state(),
                        Duration.ofSeconds(150),
                        Duration.ofMinutes(2),
                        Duration.ZERO,
                        at.plusSeconds(60),
                        List.of("ops"),
                        List.of());
        RuleEngine.Result back =
                PipelineLagAlert.evaluate(
                        late.state(),
                        Duration.ZERO,
                        Duration.ofMinutes(2),
                        Duration.ZERO,
                        at.plusSeconds(120),
                        List.of("ops"),
                        List.of());

        assertThat(quiet.events()).isEmpty();
        assertThat(late.events())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.state()).isEqualTo(AlertState.FIRING);
                            assertThat(e.value()).isEqualByComparingTo("150");
                            assertThat(e.threshold()).isEqualByComparingTo("120");
                            assertThat(e.headroomPercent()).isEqualByComparingTo("-25.00");
                            assertThat(e.metric()).isEqualTo("pipeline.lag");
                            assertThat(e.contactPoints()).containsExactly("ops");
                        });
        assertThat(back.events())
                .extracting(AlertEvent::state)
                .containsExactly(AlertState.RESOLVED);
    }

    /**
     * Two stages with unconsumed records: partition 0's oldest was produced at 10:04:20, partition
     * 1's at 10:05:59; at 10:09 the worst has waited 4m40s. Nothing unconsumed: zero.
     */
    @Test
    void lagIsTheAgeOfTheOldestUnconsumedRecord() {
        Instant now = Instant.parse("2026-03-02T10:09:00Z");

        assertThat(
                        PipelineLag.overdue(
                                now,
                                List.of(
                                        Instant.parse("2026-03-02T10:04:20Z"),
                                        Instant.parse("2026-03-02T10:05:59Z"))))
                .isEqualTo(Duration.ofSeconds(280));
        assertThat(PipelineLag.overdue(now, List.of())).isZero();
    }

    @Test
    void ticksFallOnMultiplesOfTheInterval() {
        Duration every = Duration.ofSeconds(30);
        Instant horizon = Instant.parse("2026-03-02T10:02:10Z");

        assertThat(Ticks.due(null, horizon, every, 100))
                .containsExactly(Instant.parse("2026-03-02T10:02:00Z"));
        assertThat(Ticks.due(Instant.parse("2026-03-02T10:00:30Z"), horizon, every, 100))
                .containsExactly(
                        Instant.parse("2026-03-02T10:01:00Z"),
                        Instant.parse("2026-03-02T10:01:30Z"),
                        Instant.parse("2026-03-02T10:02:00Z"));
        assertThat(Ticks.due(Instant.parse("2026-03-02T10:00:30Z"), horizon, every, 2))
                .containsExactly(
                        Instant.parse("2026-03-02T10:01:30Z"),
                        Instant.parse("2026-03-02T10:02:00Z"));
        assertThat(Ticks.due(Instant.parse("2026-03-02T10:02:00Z"), horizon, every, 100)).isEmpty();
    }
}
