package dev.plimsoll.alerts.evaluate;

import dev.plimsoll.core.alert.eval.RuleEngine;
import dev.plimsoll.core.alert.event.SuspectDeploy;
import dev.plimsoll.core.alert.rule.Condition;
import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.rule.RuleWindows;
import dev.plimsoll.read.clickhouse.CostReader;
import dev.plimsoll.read.clickhouse.DeploysReader;
import dev.plimsoll.read.clickhouse.SliceReader;
import dev.plimsoll.read.clickhouse.UsersReader;

import java.time.Duration;
import java.time.Instant;

/**
 * Opens ClickHouse-backed sources: the minutes (or hours, for drift) of a rule's evaluations in a
 * span are read with one query, a change rule's baseline windows with one query per baseline range
 * (not per evaluation).
 */
public final class Sources implements Evaluator.Sources {

    private final SliceReader slices;
    private final UsersReader users;
    private final CostReader costs;

    public Sources(SliceReader slices, UsersReader users, CostReader costs) {
        this.slices = slices;
        this.users = users;
        this.costs = costs;
    }

    /**
     * A source for evaluations at instants in {@code [from, to]}: what their windows read — and the
     * baseline windows of change conditions, the hours of drift — is fetched up front, one query
     * per span.
     */
    @Override
    public ClickHouseSource open(Rule rule, Instant from, Instant to) {
        ClickHouseSource s =
                new ClickHouseSource(slices, users, costs, rule.currency(), rule.selector());
        Duration window = Duration.ZERO;
        for (Condition c : rule.leaves()) {
            if (!(c instanceof Condition.Drift) && RuleWindows.window(c).compareTo(window) > 0) {
                window = RuleWindows.window(c);
            }
        }
        Instant end = ceil(to, 60);
        if (!window.isZero()) {
            Instant start = floor(from.minus(window), 60);
            s.prefetchMinutes(start, end);
            for (Condition c : rule.leaves()) {
                if (c instanceof Condition.Change ch) {
                    s.prefetchMinutes(
                            start.minus(ch.baselineOffset()), end.minus(ch.baselineOffset()));
                }
            }
        }
        for (Condition c : rule.leaves()) {
            if (c instanceof Condition.Drift d) {
                s.prefetchHours(
                        floor(from.minus(d.window()), 3600).minusSeconds(3600), ceil(to, 3600));
            }
        }
        return s;
    }

    /**
     * The deploy markers a rule's suspects come from (a rule on all services: any service's), at
     * most {@code limit} of the newest per look-up.
     */
    public static RuleEngine.Deploys suspects(DeploysReader deploys, int limit) {
        return (service, from, to) ->
                deploys.between(ClickHouseSource.readService(service), from, to, limit).stream()
                        .map(d -> new SuspectDeploy(d.service(), d.version(), d.at()))
                        .toList();
    }

    private static Instant floor(Instant t, long s) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
    }

    private static Instant ceil(Instant t, long s) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond() + s - 1, s) * s);
    }
}
