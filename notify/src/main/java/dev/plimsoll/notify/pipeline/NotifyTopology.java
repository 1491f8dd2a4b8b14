package dev.plimsoll.notify.pipeline;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.contact.ContactPoints;
import dev.plimsoll.notify.contact.Grouping;
import dev.plimsoll.notify.model.Notification;
import dev.plimsoll.notify.model.NotificationCodec;
import dev.plimsoll.notify.model.NotificationStatus;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The routing and grouping topology, a pure factory ({@link #build}):
 *
 * <pre>
 * alerts.events.v1 (key fingerprint)
 *   → route: decode, drop replays of an eventId already seen (store notify-seen-events), drop
 *            pending changes and resolutions of alerts that never fired, one record per contact
 *            point the rule names, keyed &lt;contactPoint&gt;|&lt;groupKey&gt;
 *   → repartition by that key (all alerts of a group meet in one task)
 *   → group: webhooks and unknown contact points at once; chat contact points through the
 *            aggregation group of {@link GroupState} (store notify-groups), flushed by a
 *            wall-clock punctuation every {@code tick}
 *   → notify.outbox.v1 (key &lt;contactPoint&gt;|&lt;groupKey&gt;, value {@link NotificationCodec})
 * </pre>
 *
 * Run with {@code exactly_once_v2}: a message reaches the outbox (read_committed) only together
 * with the state change that produced it and the input offsets it consumed.
 */
public final class NotifyTopology {

    static final String SEEN_STORE = "notify-seen-events";
    static final String GROUP_STORE = "notify-groups";

    private static final Logger LOG = LoggerFactory.getLogger(NotifyTopology.class);

    /**
     * What the topology needs besides the contact points.
     *
     * @param eventsTopic the alert events topic
     * @param outboxTopic the outbox topic
     * @param grouping grouping of chat contact points that set none
     * @param defaultContactPoints contact points of events whose rule names none
     * @param tick how often groups are checked for a due flush
     * @param dedupHorizon how long an eventId is remembered to drop replays
     * @param ids the ids of group messages (random UUIDs; fixed in tests)
     */
    public record Settings(
            String eventsTopic,
            String outboxTopic,
            Grouping grouping,
            List<String> defaultContactPoints,
            Duration tick,
            Duration dedupHorizon,
            Supplier<String> ids) {

        public Settings {
            Objects.requireNonNull(eventsTopic, "eventsTopic");
            Objects.requireNonNull(outboxTopic, "outboxTopic");
            Objects.requireNonNull(grouping, "grouping");
            defaultContactPoints = List.copyOf(defaultContactPoints);
            Objects.requireNonNull(tick, "tick");
            Objects.requireNonNull(dedupHorizon, "dedupHorizon");
            Objects.requireNonNull(ids, "ids");
        }

        public static Supplier<String> randomIds() {
            return () -> UUID.randomUUID().toString();
        }
    }

    private NotifyTopology() {}

    public static Topology build(Settings settings, ContactPoints contactPoints) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(SEEN_STORE), Serdes.String(), Serdes.Long()));
        b.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(GROUP_STORE),
                        Serdes.String(),
                        Serdes.ByteArray()));
        b.stream(settings.eventsTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new Router(settings, contactPoints), SEEN_STORE)
                .repartition(
                        Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                                .withName("notify-routed"))
                .process(() -> new Grouper(settings, contactPoints), GROUP_STORE)
                .to(settings.outboxTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return b.build();
    }

    /** Whether a state change is announced at all. */
    static boolean notifies(AlertEvent e) {
        return e.state() == AlertState.FIRING
                || (e.state() == AlertState.RESOLVED && e.previousState() == AlertState.FIRING);
    }

    /** Route: decode, dedup by eventId, fan out to contact points. */
    static final class Router implements Processor<String, byte[], String, byte[]> {
        private final Settings settings;
        private final ContactPoints contactPoints;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, Long> seen;

        Router(Settings settings, ContactPoints contactPoints) {
            this.settings = settings;
            this.contactPoints = contactPoints;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.seen = context.getStateStore(SEEN_STORE);
            Duration every =
                    settings.dedupHorizon().compareTo(Duration.ofMinutes(10)) < 0
                            ? settings.dedupHorizon()
                            : Duration.ofMinutes(10);
            context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::expire);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.value() == null) {
                return;
            }
            AlertEvent e;
            try {
                e = AlertEventCodec.decode(record.value());
            } catch (DecodingException ex) {
                LOG.error(
                        "Skipping an alert event that cannot be read (key {}): {}",
                        record.key(),
                        ex.getMessage());
                return;
            }
            if (seen.get(e.eventId()) != null) {
                LOG.debug("Dropping replayed alert event {}", e.eventId());
                return;
            }
            seen.put(e.eventId(), context.currentSystemTimeMs());
            if (!notifies(e)) {
                return;
            }
            // the evaluator marks a change silenced when a silence matched the alert
            boolean silenced = e.silenced();
            if (silenced && e.state() == AlertState.FIRING) {
                return; // recorded by the evaluator, not announced
            }
            Set<String> names =
                    new LinkedHashSet<>(
                            e.contactPoints().isEmpty()
                                    ? settings.defaultContactPoints()
                                    : e.contactPoints());
            for (String name : names) {
                Optional<ContactPoint> cp = contactPoints.find(name);
                RoutedEvent routed = RouteKeys.route(name, cp.orElse(null), settings.grouping(), e);
                if (silenced) {
                    if (routed.immediate()) {
                        continue; // a webhook hears nothing of a silenced change
                    }
                    routed =
                            new RoutedEvent(
                                    routed.contactPoint(),
                                    routed.groupKey(),
                                    routed.groupLabels(),
                                    false,
                                    true,
                                    e);
                }
                context.forward(
                        record.withKey(RouteKeys.key(name, routed.groupKey()))
                                .withValue(PipelineCodec.encode(routed)));
            }
        }

        private void expire(long nowMs) {
            long cutoff = nowMs - settings.dedupHorizon().toMillis();
            List<String> old = new ArrayList<>();
            try (KeyValueIterator<String, Long> it = seen.all()) {
                while (it.hasNext()) {
                    KeyValue<String, Long> kv = it.next();
                    if (kv.value < cutoff) {
                        old.add(kv.key);
                    }
                }
            }
            old.forEach(seen::delete);
        }
    }

    /** Group: immediate messages and aggregation groups. */
    static final class Grouper implements Processor<String, byte[], String, byte[]> {
        private final Settings settings;
        private final ContactPoints contactPoints;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> groups;

        Grouper(Settings settings, ContactPoints contactPoints) {
            this.settings = settings;
            this.contactPoints = contactPoints;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.groups = context.getStateStore(GROUP_STORE);
            context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::flushDue);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            RoutedEvent r;
            try {
                r = PipelineCodec.decodeRouted(record.value());
            } catch (DecodingException ex) {
                LOG.error("Skipping an unreadable routed event: {}", ex.getMessage());
                return;
            }
            long now = context.currentSystemTimeMs();
            if (r.quiet()) {
                byte[] stored = groups.get(record.key());
                if (stored != null) {
                    try {
                        GroupState left =
                                PipelineCodec.decodeGroup(stored).without(r.event().alertId());
                        if (left == null) {
                            groups.delete(record.key());
                        } else {
                            groups.put(record.key(), PipelineCodec.encode(left));
                        }
                    } catch (DecodingException ex) {
                        LOG.error("Group {} state unreadable", record.key(), ex);
                    }
                }
                return;
            }
            Optional<ContactPoint> cp = contactPoints.find(r.contactPoint());
            if (r.immediate() || cp.isEmpty() || !cp.get().type().chat()) {
                AlertEvent e = r.event();
                if (e.state() == AlertState.RESOLVED
                        && cp.isPresent()
                        && !cp.get().sendResolved()) {
                    return;
                }
                boolean firing = e.state() == AlertState.FIRING;
                Notification n =
                        new Notification(
                                e.eventId(),
                                r.contactPoint(),
                                r.groupKey(),
                                r.groupLabels(),
                                firing ? NotificationStatus.FIRING : NotificationStatus.RESOLVED,
                                firing ? List.of(e) : List.of(),
                                firing ? List.of() : List.of(e),
                                Instant.ofEpochMilli(now),
                                false);
                emit(record.key(), n, now);
                return;
            }
            Grouping g = cp.get().groupingOr(settings.grouping());
            byte[] stored = groups.get(record.key());
            GroupState state;
            if (stored == null) {
                state = GroupState.open(r, now, g);
            } else {
                try {
                    state = PipelineCodec.decodeGroup(stored).with(r.event());
                } catch (DecodingException ex) {
                    LOG.error("Group {} state unreadable, starting it anew", record.key(), ex);
                    state = GroupState.open(r, now, g);
                }
            }
            groups.put(record.key(), PipelineCodec.encode(state));
        }

        private void flushDue(long nowMs) {
            List<KeyValue<String, GroupState>> due = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = groups.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    try {
                        GroupState g = PipelineCodec.decodeGroup(kv.value);
                        if (g.nextFlushMs() <= nowMs) {
                            due.add(KeyValue.pair(kv.key, g));
                        }
                    } catch (DecodingException ex) {
                        LOG.error("Dropping unreadable group state {}", kv.key, ex);
                        due.add(KeyValue.pair(kv.key, null));
                    }
                }
            }
            for (KeyValue<String, GroupState> kv : due) {
                if (kv.value == null) {
                    groups.delete(kv.key);
                    continue;
                }
                GroupState g = kv.value;
                Optional<ContactPoint> cp = contactPoints.find(g.contactPoint());
                Grouping grouping =
                        cp.map(c -> c.groupingOr(settings.grouping())).orElse(settings.grouping());
                boolean sendResolved = cp.map(ContactPoint::sendResolved).orElse(true);
                GroupState.Flush flush = g.flush(nowMs, grouping, sendResolved, settings.ids());
                if (flush.message() != null) {
                    emit(kv.key, flush.message(), nowMs);
                }
                if (flush.next() == null) {
                    groups.delete(kv.key);
                } else {
                    groups.put(kv.key, PipelineCodec.encode(flush.next()));
                }
            }
        }

        private void emit(String key, Notification n, long nowMs) {
            context.forward(new Record<>(key, NotificationCodec.encode(n), nowMs));
        }
    }
}
