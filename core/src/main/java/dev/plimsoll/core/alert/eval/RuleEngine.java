package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.event.SuspectDeploy;
import dev.plimsoll.core.alert.rule.Condition;
import dev.plimsoll.core.alert.rule.Durations;
import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.rule.RuleWindows;
import dev.plimsoll.core.alert.rule.RuleWriter;
import dev.plimsoll.core.alert.silence.Silence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of one rule: the condition ({@link Conditions}), the alert's state machine ({@link
 * Lifecycle}), its no-data meta-alert, suspect deploys and silences, turned into the {@link
 * AlertEvent}s to publish and the {@link RuleState} to keep. Pure: the evaluation time, the data,
 * the deploys and the silences are inputs, so the same inputs give the same events with the same
 * ids (a replay after a crash publishes nothing new). Stateless and thread-safe.
 *
 * <p>The no-data meta-alert ({@code metric: data.absent}, {@code condition: nodata}) fires when the
 * rule's data has been missing for {@code noDataFor}; "too few samples" is not "no data" (quiet
 * hours would page) and only holds the alert's state.
 */
public final class RuleEngine {

    /** At most this many suspect deploys are named, newest first. */
    public static final int MAX_SUSPECTS = 5;

    /** Deploy markers of a service, as stored. */
    @FunctionalInterface
    public interface Deploys {
        /** Deploys of {@code service} in {@code [from, to]}, in any order. */
        List<SuspectDeploy> between(String service, Instant from, Instant to);

        /** No deploys at all. */
        Deploys NONE = (service, from, to) -> List.of();
    }

    /**
     * What one evaluation produced.
     *
     * @param state the rule's state after it
     * @param events the state changes to publish, in order
     * @param verdict the condition's verdict
     */
    public record Result(RuleState state, List<AlertEvent> events, Verdict verdict) {}

    private RuleEngine() {}

    /**
     * Evaluates {@code rule} at {@code at}.
     *
     * @param state the rule's state, or {@code null} (never evaluated); a state of another digest
     *     is ignored (call {@link #retire} first to resolve its alerts)
     */
    public static Result evaluate(
            Rule rule,
            RuleState state,
            MetricSource source,
            Instant at,
            Deploys deploys,
            List<Silence> silences) {
        String digest = RuleWriter.evaluationDigest(rule);
        if (state == null || !state.digest().equals(digest)) {
            state = RuleState.fresh(rule.id(), digest);
        }
        Map<String, AlertTrack> tracks = new HashMap<>(state.tracks());
        List<AlertEvent> events = new ArrayList<>();
        String mainFp = Fingerprints.of(rule, Fingerprints.MAIN);
        AlertTrack main = tracks.get(mainFp);
        Verdict verdict =
                Conditions.evaluate(
                        rule, source, at, main != null && main.state() == AlertState.FIRING);
        Condition c = rule.condition();
        Lifecycle.Step step =
                Lifecycle.step(
                        main,
                        verdict,
                        at,
                        state.lastTick(),
                        c.forDuration(),
                        c.keepFiringFor(),
                        Fingerprints.alertId(mainFp, at));
        AlertTrack next = step.track();
        if (step.entered() != null) {
            AlertTrack basis = next != null ? next : main;
            List<SuspectDeploy> suspects = basis.suspects();
            if (step.entered() == AlertState.FIRING) {
                suspects = suspects(rule, basis.activeAt(), deploys);
            }
            Kind kind = Kind.MAIN;
            AlertEvent e =
                    event(rule, kind, mainFp, basis, step, verdict, at, suspects, silences, null);
            events.add(e);
            if (next != null) {
                next = withEvent(next, suspects, e.silenced());
            }
        }
        put(tracks, mainFp, next);

        // No data: its own meta-alert.
        String ndFp = Fingerprints.of(rule, Fingerprints.NO_DATA);
        AlertTrack nd = tracks.get(ndFp);
        Verdict ndVerdict =
                verdict.outcome() == Verdict.Outcome.NO_DATA
                        ? new Verdict(
                                Verdict.Outcome.HOLDS,
                                null,
                                null,
                                null,
                                null,
                                0,
                                verdict.description())
                        : new Verdict(
                                Verdict.Outcome.CLEAR,
                                null,
                                null,
                                null,
                                null,
                                verdict.samples(),
                                verdict.description());
        Lifecycle.Step ndStep =
                Lifecycle.step(
                        nd,
                        ndVerdict,
                        at,
                        state.lastTick(),
                        rule.noDataFor(),
                        Duration.ZERO,
                        Fingerprints.alertId(ndFp, at));
        AlertTrack ndNext = ndStep.track();
        if (ndStep.entered() != null) {
            AlertTrack basis = ndNext != null ? ndNext : nd;
            AlertEvent e =
                    event(
                            rule,
                            Kind.NO_DATA,
                            ndFp,
                            basis,
                            ndStep,
                            ndVerdict,
                            at,
                            List.of(),
                            silences,
                            null);
            events.add(e);
            if (ndNext != null) {
                ndNext = withEvent(ndNext, List.of(), e.silenced());
            }
        }
        put(tracks, ndFp, ndNext);

        // A firing alert whose notifications a silence muted is notified once the silence ends.
        for (Map.Entry<String, AlertTrack> entry : new ArrayList<>(tracks.entrySet())) {
            AlertTrack t = entry.getValue();
            Kind kind = entry.getKey().equals(ndFp) ? Kind.NO_DATA : Kind.MAIN;
            if (t.state() == AlertState.FIRING
                    && t.silenced()
                    && !muted(labels(rule, kind), at, silences)) {
                Lifecycle.Step again = new Lifecycle.Step(t, AlertState.FIRING, AlertState.FIRING);
                AlertEvent e =
                        event(
                                rule,
                                kind,
                                entry.getKey(),
                                t,
                                again,
                                t.last(),
                                at,
                                t.suspects(),
                                silences,
                                "silence ended; still firing");
                events.add(e);
                tracks.put(entry.getKey(), withEvent(t, t.suspects(), false));
            }
        }
        return new Result(new RuleState(rule.id(), digest, at, tracks), events, verdict);
    }

    /**
     * Resolves every active alert of a rule that was deleted or changed ({@code reason} says
     * which), at {@code at}.
     */
    public static Result retire(
            Rule rule, RuleState state, Instant at, String reason, List<Silence> silences) {
        List<AlertEvent> events = new ArrayList<>();
        if (state != null) {
            String ndFp = Fingerprints.of(rule, Fingerprints.NO_DATA);
            for (Map.Entry<String, AlertTrack> entry :
                    new java.util.TreeMap<>(state.tracks()).entrySet()) {
                AlertTrack t = entry.getValue();
                Kind kind = entry.getKey().equals(ndFp) ? Kind.NO_DATA : Kind.MAIN;
                Lifecycle.Step step = new Lifecycle.Step(null, AlertState.RESOLVED, t.state());
                events.add(
                        event(
                                rule,
                                kind,
                                entry.getKey(),
                                t,
                                step,
                                t.last(),
                                at,
                                t.suspects(),
                                silences,
                                reason));
            }
        }
        return new Result(
                new RuleState(rule.id(), state == null ? "" : state.digest(), at, Map.of()),
                events,
                null);
    }

    private enum Kind {
        MAIN,
        NO_DATA
    }

    private static void put(Map<String, AlertTrack> tracks, String fp, AlertTrack t) {
        if (t == null) {
            tracks.remove(fp);
        } else {
            tracks.put(fp, t);
        }
    }

    private static AlertTrack withEvent(
            AlertTrack t, List<SuspectDeploy> suspects, boolean silenced) {
        return new AlertTrack(
                t.alertId(),
                t.state(),
                t.activeAt(),
                t.heldFor(),
                t.lastHeldAt(),
                t.lastKnownHeld(),
                t.events() + 1,
                suspects,
                silenced,
                t.last(),
                t.clearSince());
    }

    /**
     * Deploys of the rule's service from the lookback before the first degraded window to activeAt.
     */
    static List<SuspectDeploy> suspects(Rule rule, Instant activeAt, Deploys deploys) {
        Duration window = Duration.ZERO;
        for (Condition leaf : rule.leaves()) {
            Duration w = RuleWindows.window(leaf);
            if (w.compareTo(window) > 0) {
                window = w;
            }
        }
        Instant from = Conditions.windowEnd(activeAt).minus(window).minus(rule.suspectLookback());
        return deploys.between(rule.selector().service(), from, activeAt).stream()
                .sorted(
                        Comparator.comparing(SuspectDeploy::at)
                                .reversed()
                                .thenComparing(SuspectDeploy::version))
                .limit(MAX_SUSPECTS)
                .toList();
    }

    private static Map<String, String> labels(Rule rule, Kind kind) {
        Map<String, String> labels = new LinkedHashMap<>(rule.labels());
        labels.putAll(rule.selector().labels());
        labels.put("rule", rule.name());
        if (rule.currency() != null) {
            labels.put("currency", rule.currency());
        }
        labels.put("metric", kind == Kind.MAIN ? rule.metric().id() : "data.absent");
        return labels;
    }

    /** The unit of a rule's values: the metric's, or for money the rule's currency. */
    static String unit(Rule rule) {
        return rule.metric().unit() != null ? rule.metric().unit() : rule.currency();
    }

    private static boolean muted(Map<String, String> labels, Instant at, List<Silence> silences) {
        return silences.stream().anyMatch(s -> s.mutes(labels, at));
    }

    private static AlertEvent event(
            Rule rule,
            Kind kind,
            String fingerprint,
            AlertTrack track,
            Lifecycle.Step step,
            Verdict verdict,
            Instant at,
            List<SuspectDeploy> suspects,
            List<Silence> silences,
            String note) {
        Map<String, String> labels = labels(rule, kind);
        boolean main = kind == Kind.MAIN;
        Verdict v = verdict != null ? verdict : track.last();
        String summary = summary(rule, kind, step, v, suspects, note);
        return new AlertEvent(
                Fingerprints.eventId(track.alertId(), track.events() + 1),
                track.alertId(),
                rule.id(),
                rule.name(),
                fingerprint,
                step.entered(),
                step.left(),
                at,
                track.activeAt(),
                step.entered() == AlertState.RESOLVED ? at : null,
                labels,
                rule.annotations(),
                main ? rule.metric().id() : "data.absent",
                rule.selector().service(),
                main ? rule.condition().type() : "nodata",
                main && v != null ? v.value() : null,
                main ? unit(rule) : null,
                main && v != null ? v.threshold() : null,
                main && v != null ? v.baseline() : null,
                main ? rule.metric().errorBound() : null,
                main && v != null ? v.headroomPercent() : null,
                suspects,
                rule.contactPoints(),
                summary,
                muted(labels, at, silences));
    }

    private static String summary(
            Rule rule,
            Kind kind,
            Lifecycle.Step step,
            Verdict v,
            List<SuspectDeploy> suspects,
            String note) {
        String what = v == null ? "" : v.description();
        StringBuilder s = new StringBuilder(rule.name()).append(": ");
        if (kind == Kind.NO_DATA) {
            s.append(
                    step.entered() == AlertState.RESOLVED
                            ? "data is back for " + rule.metric().id() + " of " + subject(rule)
                            : "no data for "
                                    + rule.metric().id()
                                    + " of "
                                    + subject(rule)
                                    + (step.entered() == AlertState.FIRING
                                            ? " for " + Durations.format(rule.noDataFor())
                                            : ""));
        } else if (step.entered() == AlertState.RESOLVED) {
            s.append("resolved, ").append(what);
        } else {
            s.append(what);
            Duration f = rule.condition().forDuration();
            if (step.entered() == AlertState.PENDING) {
                s.append(", pending (fires after ").append(Durations.format(f)).append(")");
            } else if (!f.isZero()) {
                s.append(" for ").append(Durations.format(f));
            }
            if (!suspects.isEmpty()) {
                s.append("; suspect deploy").append(suspects.size() > 1 ? "s " : " ");
                for (int i = 0; i < suspects.size(); i++) {
                    SuspectDeploy d = suspects.get(i);
                    s.append(i > 0 ? ", " : "")
                            .append(d.service())
                            .append(' ')
                            .append(d.version())
                            .append(" at ")
                            .append(d.at());
                }
            }
        }
        if (note != null) {
            s.append(" (").append(note).append(")");
        }
        return s.toString();
    }

    /** The service a message names: "all services" for a rule on all of them. */
    private static String subject(Rule rule) {
        return rule.selector().allServices() ? "all services" : rule.selector().service();
    }
}
