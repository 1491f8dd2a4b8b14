package dev.plimsoll.notify.it;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;
import dev.plimsoll.infra.kafka.KafkaTopics;
import dev.plimsoll.infra.testing.PlimsollServices;
import dev.plimsoll.notify.delivery.DeliveryRecord;
import dev.plimsoll.notify.delivery.DeliveryStatus;
import dev.plimsoll.notify.kafka.DeliveryLog;
import dev.plimsoll.notify.kafka.NotifyTopics;
import dev.plimsoll.notify.support.Events;
import dev.plimsoll.notify.support.NotifyServer;
import dev.plimsoll.notify.support.Receiver;
import dev.plimsoll.notify.support.Verify;
import dev.plimsoll.notify.support.WorkerProcess;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery worker killed with SIGKILL at each point between a state change and its delivery,
 * then started again on the same data: every message is delivered, none twice with another {@code
 * webhook-id}. Each test uses topics of its own; the worker runs in a JVM of its own.
 */
class CrashRecoveryTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static int counter;

    @TempDir Path dir;
    private final Receiver receiver = new Receiver();
    private Map<String, Object> props;
    private NotifyTopics.Names topics;
    private String bootstrap;
    private KafkaProducer<String, byte[]> producer;
    private DeliveryLog log;
    private WorkerProcess worker;

    @BeforeEach
    void setUp() throws Exception {
        bootstrap = PlimsollServices.kafka().bootstrapServers();
        String suffix = "crash-" + ProcessHandle.current().pid() + "-" + (++counter);
        topics =
                new NotifyTopics.Names(
                        "alerts.events." + suffix,
                        "notify.outbox." + suffix,
                        "notify.deliveries." + suffix,
                        "notify.contact-points." + suffix);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            KafkaTopics.createAndAwait(
                    admin,
                    topics.newTopics(3, Optional.empty(), Duration.ofDays(7)),
                    Duration.ofSeconds(60));
        }
        Path file = dir.resolve("contact-points.yml");
        Files.writeString(
                file,
                "contactPoints:\n"
                        + "  - name: hook\n    type: webhook\n    url: "
                        + receiver.url("/hook")
                        + "\n"
                        + "    secret: "
                        + SECRET
                        + "\n"
                        + "  - name: chat\n    type: slack\n    url: "
                        + receiver.url("/slack")
                        + "\n"
                        + "    grouping: {groupBy: [rule], groupWait: 4s, groupInterval: 1m}\n");
        props =
                new LinkedHashMap<>(
                        NotifyServer.properties(suffix, topics, bootstrap, dir.resolve("data")));
        props.put("plimsoll.api.enabled", false);
        props.put("plimsoll.notify.contact-points-file", file.toString());
        props.put("plimsoll.notify.instance-id", suffix);
        props.put("plimsoll.notify.delivery.initial-backoff", "3s");
        props.put("plimsoll.notify.delivery.max-backoff", "3s");
        props.put("plimsoll.notify.delivery.max-attempts", 20);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
        log = new DeliveryLog(bootstrap, topics.deliveries(), Duration.ofDays(7), "crash-test");
    }

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.close();
        }
        producer.close();
        log.close();
        receiver.close();
    }

    private void startWorker() throws Exception {
        worker = WorkerProcess.start(props, dir.resolve("worker.log"));
    }

    private void publish(AlertEvent e) throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                topics.events(), e.fingerprint(), AlertEventCodec.encode(e)))
                .get();
    }

    private DeliveryRecord awaitRecord(
            String notificationId, java.util.function.Predicate<DeliveryRecord> p) {
        String id = DeliveryRecord.idOf("hook", notificationId);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> log.get(id).filter(p).isPresent());
        return log.get(id).orElseThrow();
    }

    @Test
    void aStateChangeRecordedWhileTheWorkerIsDownIsDeliveredOnceWhenItStarts() throws Exception {
        AlertEvent e = Events.firing("down-while-recorded", "r", "checkout", List.of("hook"));
        publish(e);
        startWorker();
        DeliveryRecord r = awaitRecord(e.eventId(), x -> x.status() == DeliveryStatus.DELIVERED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(receiver.requests()).hasSize(1);
        assertThat(Verify.standardWebhook(receiver.requests().get(0), SECRET, Instant.now()))
                .isTrue();
    }

    @Test
    void killedBetweenAttemptsTheDeliveryResumesAndSucceedsOnce() throws Exception {
        receiver.otherwise(Receiver.Answer.status(503));
        startWorker();
        AlertEvent e = Events.firing("mid-retry", "r", "checkout", List.of("hook"));
        publish(e);
        // The first attempt failed and was recorded; the next is 3 s away.
        awaitRecord(e.eventId(), x -> x.status() == DeliveryStatus.RETRYING && x.attempts() == 1);
        worker.kill();
        receiver.otherwise(Receiver.Answer.status(200));
        int before = receiver.requests().size();
        startWorker();
        DeliveryRecord r = awaitRecord(e.eventId(), x -> x.status() == DeliveryStatus.DELIVERED);
        assertThat(before).isEqualTo(1);
        assertThat(r.attempts()).isEqualTo(2);
        List<Receiver.Request> got = receiver.requests();
        assertThat(got).hasSize(2);
        assertThat(got).extracting(q -> q.header("webhook-id")).containsOnly(e.eventId());
    }

    @Test
    void killedWhileTheReceiverHoldsTheRequestTheResendCarriesTheSameWebhookId() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        receiver.answer(Receiver.Answer.status(200).heldUntil(hold));
        startWorker();
        AlertEvent e = Events.firing("in-flight", "r", "checkout", List.of("hook"));
        publish(e);
        receiver.await(1, WAIT);
        worker.kill(); // the receiver got it; the worker never learnt the answer
        hold.countDown();
        startWorker();
        DeliveryRecord r = awaitRecord(e.eventId(), x -> x.status() == DeliveryStatus.DELIVERED);
        assertThat(r.attempts()).isEqualTo(1);
        List<Receiver.Request> got = receiver.requests();
        assertThat(got).hasSize(2);
        assertThat(got)
                .extracting(q -> q.header("webhook-id"))
                .containsExactly(e.eventId(), e.eventId());
        assertThat(got).allMatch(q -> Verify.standardWebhook(q, SECRET, Instant.now()));
    }

    @Test
    void killedWhileAGroupWaitsItsMessageIsSentOnceAfterTheRestart() throws Exception {
        startWorker();
        AlertEvent e = Events.firing("grouped", "grouped-rule", "checkout", List.of("chat"));
        publish(e);
        // The group is in the changelog of the grouping store once its transaction committed.
        awaitChangelogRecord(
                props.get("plimsoll.notify.application-id") + "-notify-groups-changelog");
        worker.kill();
        assertThat(receiver.requests()).isEmpty();
        startWorker();
        receiver.await(1, r -> r.path().equals("/slack"), WAIT);
        // One more group message must not follow: the next flush is a minute away and would only
        // repeat after the repeat interval; a marker to the webhook proves the worker went on.
        AlertEvent marker = Events.firing("marker", "r", "checkout", List.of("hook"));
        publish(marker);
        awaitRecord(marker.eventId(), x -> x.status() == DeliveryStatus.DELIVERED);
        assertThat(receiver.requests().stream().filter(r -> r.path().equals("/slack")).count())
                .isEqualTo(1);
    }

    private void awaitChangelogRecord(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-test-changelog-" + counter);
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> c.listTopics().containsKey(topic));
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!c.poll(Duration.ofMillis(200)).isEmpty()) {
                    return;
                }
            }
            throw new AssertionError("no committed group state in " + topic);
        }
    }
}
