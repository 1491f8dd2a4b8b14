package dev.plimsoll.notify.pipeline;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;
import dev.plimsoll.notify.contact.ChannelType;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.contact.Grouping;
import dev.plimsoll.notify.model.Notification;
import dev.plimsoll.notify.model.NotificationCodec;
import dev.plimsoll.notify.model.NotificationStatus;
import dev.plimsoll.notify.support.Events;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grouping stage with time as an input (TopologyTestDriver's wall clock): Alertmanager's
 * groupWait, groupInterval and repeatInterval, hand-computed, plus dedup and the immediate lane of
 * webhooks.
 */
class GroupingTopologyTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final Grouping CHAT_GROUPING =
            new Grouping(
                    List.of("rule"),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(5),
                    Duration.ofHours(1));

    private final Map<String, ContactPoint> cps =
            Map.of(
                    "hook", cp("hook", ChannelType.WEBHOOK, null, true),
                    "chat", cp("chat", ChannelType.SLACK, CHAT_GROUPING, true),
                    "quiet", cp("quiet", ChannelType.DISCORD, CHAT_GROUPING, false),
                    "each",
                            cp(
                                    "each",
                                    ChannelType.TEAMS,
                                    new Grouping(
                                            List.of("..."),
                                            Duration.ZERO,
                                            Duration.ofMinutes(5),
                                            Duration.ofHours(4)),
                                    true));

    private final AtomicInteger ids = new AtomicInteger();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> events;
    private final TestOutputTopic<String, byte[]> outbox;

    GroupingTopologyTest() {
        NotifyTopology.Settings s =
                new NotifyTopology.Settings(
                        "events",
                        "outbox",
                        Grouping.defaults(),
                        List.of(),
                        Duration.ofSeconds(1),
                        Duration.ofDays(7),
                        () -> "n" + ids.incrementAndGet());
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "grouping-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver =
                new TopologyTestDriver(
                        NotifyTopology.build(s, name -> Optional.ofNullable(cps.get(name))),
                        p,
                        START);
        events =
                driver.createInputTopic(
                        "events", new StringSerializer(), new ByteArraySerializer());
        outbox =
                driver.createOutputTopic(
                        "outbox", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static ContactPoint cp(
            String name, ChannelType type, Grouping g, boolean sendResolved) {
        return new ContactPoint(
                name,
                type,
                "https://hooks.example/" + name,
                type == ChannelType.WEBHOOK ? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" : null,
                g,
                sendResolved,
                ContactPoint.Origin.API);
    }

    private void send(AlertEvent e) {
        events.pipeInput(e.fingerprint(), AlertEventCodec.encode(e));
    }

    private Instant now = START;

    private void advanceTo(long seconds) {
        Instant target = START.plusSeconds(seconds);
        Duration d = Duration.between(now, target);
        if (d.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        // In steps of the tick, as a real punctuation schedule would run.
        while (now.isBefore(target)) {
            Duration step =
                    Duration.between(now, target).compareTo(Duration.ofSeconds(1)) > 0
                            ? Duration.ofSeconds(1)
                            : Duration.between(now, target);
            driver.advanceWallClockTime(step);
            now = now.plus(step);
        }
    }

    private List<KeyValue<String, Notification>> drain() {
        return outbox.readKeyValuesToList().stream()
                .map(kv -> KeyValue.pair(kv.key, decode(kv.value)))
                .toList();
    }

    private static Notification decode(byte[] v) {
        try {
            return NotificationCodec.decode(v);
        } catch (dev.plimsoll.core.DecodingException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> alertIds(List<AlertEvent> events) {
        return events.stream().map(AlertEvent::alertId).toList();
    }

    @Test
    void aWebhookGetsEachStateChangeAtOnceWithTheEventIdAsMessageId() {
        AlertEvent f = Events.firing("a1", "r", "checkout", List.of("hook"));
        send(Events.pending("a1", "r", List.of("hook")));
        send(f);
        send(f); // a replay of the same state change
        send(Events.resolved(f));
        send(Events.resolvedWithoutFiring("a2", "r", List.of("hook")));
        List<KeyValue<String, Notification>> out = drain();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).key).isEqualTo("hook|alert:a1");
        assertThat(out.get(0).value.id()).isEqualTo("a1-firing");
        assertThat(out.get(0).value.status()).isEqualTo(NotificationStatus.FIRING);
        assertThat(alertIds(out.get(0).value.firing())).containsExactly("a1");
        assertThat(out.get(1).key).isEqualTo("hook|alert:a1");
        assertThat(out.get(1).value.id()).isEqualTo("a1-resolved");
        assertThat(out.get(1).value.status()).isEqualTo(NotificationStatus.RESOLVED);
        assertThat(alertIds(out.get(1).value.resolved())).containsExactly("a1");
    }

    @Test
    void aChatGroupFollowsGroupWaitGroupIntervalAndRepeatInterval() {
        AlertEvent a1 = Events.firing("a1", "r", "checkout", List.of("chat"));
        AlertEvent a2 = Events.firing("a2", "r", "cart", List.of("chat"));
        send(a1); // t = 0: the group opens, first flush due at 30 s
        advanceTo(29);
        assertThat(drain()).isEmpty();
        advanceTo(30);
        List<KeyValue<String, Notification>> first = drain();
        assertThat(first).hasSize(1);
        assertThat(first.get(0).key).isEqualTo("chat|group:rule=r");
        assertThat(first.get(0).value.id()).isEqualTo("n1");
        assertThat(first.get(0).value.groupLabels()).isEqualTo(Map.of("rule", "r"));
        assertThat(alertIds(first.get(0).value.firing())).containsExactly("a1");

        advanceTo(60);
        send(a2); // joins the group; the next flush is at 30 + 300 = 330 s
        advanceTo(329);
        assertThat(drain()).isEmpty();
        advanceTo(330);
        List<KeyValue<String, Notification>> second = drain();
        assertThat(second).hasSize(1);
        assertThat(alertIds(second.get(0).value.firing())).containsExactlyInAnyOrder("a1", "a2");

        advanceTo(630); // nothing changed, repeat (1 h) not due: no message
        assertThat(drain()).isEmpty();

        advanceTo(700);
        send(Events.resolved(a1)); // announced at the next flush, 930 s
        advanceTo(929);
        assertThat(drain()).isEmpty();
        advanceTo(930);
        Notification third = drain().get(0).value;
        assertThat(third.status()).isEqualTo(NotificationStatus.FIRING);
        assertThat(alertIds(third.firing())).containsExactly("a2");
        assertThat(alertIds(third.resolved())).containsExactly("a1");

        // Unchanged a2 repeats once an hour after the last message: flushes run every 300 s from
        // 930, so the first at or after 930 + 3600 = 4530 s (exactly a flush time).
        advanceTo(4529);
        assertThat(drain()).isEmpty();
        advanceTo(4530);
        Notification repeat = drain().get(0).value;
        assertThat(alertIds(repeat.firing())).containsExactly("a2");
        assertThat(repeat.resolved()).isEmpty();

        advanceTo(4600);
        send(Events.resolved(a2));
        advanceTo(4830);
        Notification last = drain().get(0).value;
        assertThat(last.status()).isEqualTo(NotificationStatus.RESOLVED);
        assertThat(last.firing()).isEmpty();
        assertThat(alertIds(last.resolved())).containsExactly("a2");

        // The group is gone: a new alert waits groupWait again (4900 + 30 s).
        advanceTo(4900);
        send(Events.firing("a3", "r", "checkout", List.of("chat")));
        advanceTo(4929);
        assertThat(drain()).isEmpty();
        advanceTo(4930);
        assertThat(alertIds(drain().get(0).value.firing())).containsExactly("a3");
        assertThat(ids.get()).isEqualTo(6);
    }

    @Test
    void alertsThatFireAndResolveBeforeTheFirstMessageAreNeverShown() {
        AlertEvent a1 = Events.firing("a1", "r", "checkout", List.of("chat"));
        send(a1);
        advanceTo(10);
        send(Events.resolved(a1));
        advanceTo(400);
        assertThat(drain()).isEmpty();
    }

    @Test
    void rulesFormSeparateGroupsAndEachAlertAloneIsOneGroupPerSeries() {
        send(Events.firing("a1", "r1", "checkout", List.of("chat", "each")));
        send(Events.firing("a2", "r2", "checkout", List.of("chat", "each")));
        advanceTo(1); // "each" has no groupWait
        List<KeyValue<String, Notification>> each = drain();
        assertThat(each)
                .extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("each|series:fp-a1", "each|series:fp-a2");
        advanceTo(30);
        List<KeyValue<String, Notification>> chat = drain();
        assertThat(chat)
                .extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("chat|group:rule=r1", "chat|group:rule=r2");
    }

    @Test
    void withoutSendResolvedResolutionsAreNotAnnounced() {
        AlertEvent a1 = Events.firing("a1", "r", "checkout", List.of("quiet"));
        send(a1);
        advanceTo(30);
        assertThat(drain()).hasSize(1);
        send(Events.resolved(a1));
        advanceTo(400);
        assertThat(drain()).isEmpty();
    }

    /** The event as the evaluator writes a silenced change: {@code "silenced":true} (v1). */
    private void sendSilenced(AlertEvent e) {
        String json =
                new String(AlertEventCodec.encode(e), java.nio.charset.StandardCharsets.UTF_8);
        events.pipeInput(
                e.fingerprint(),
                ("{\"silenced\":true," + json.substring(1))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void silencedChangesAreNeverAnnouncedAndASilencedResolutionLeavesTheGroupQuietly() {
        AlertEvent hooked = Events.firing("h1", "r", "checkout", List.of("hook"));
        sendSilenced(hooked);
        sendSilenced(Events.resolved(hooked));
        sendSilenced(Events.firing("c0", "r", "checkout", List.of("chat")));
        AlertEvent a1 = Events.firing("a1", "r", "checkout", List.of("chat"));
        send(a1);
        advanceTo(30);
        List<KeyValue<String, Notification>> first = drain();
        assertThat(first).hasSize(1);
        assertThat(alertIds(first.get(0).value.firing())).containsExactly("a1");

        advanceTo(60);
        sendSilenced(Events.resolved(a1)); // a silence matched when it resolved
        advanceTo(400);
        assertThat(drain()).isEmpty(); // no "resolved" message, and the group is gone:
        send(Events.firing("a2", "r", "cart", List.of("chat")));
        advanceTo(429);
        assertThat(drain()).isEmpty(); // a new group waits groupWait again (400 + 30 s)
        advanceTo(430);
        Notification next = drain().get(0).value;
        assertThat(alertIds(next.firing())).containsExactly("a2");
        assertThat(next.resolved()).isEmpty();
    }

    @Test
    void anUnknownContactPointGetsTheMessageAtOnceSoThatItsDeliveryFailsVisibly() {
        send(Events.firing("a1", "r", "checkout", List.of("nobody")));
        List<KeyValue<String, Notification>> out = drain();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("nobody|alert:a1");
        assertThat(out.get(0).value.contactPoint()).isEqualTo("nobody");
    }
}
