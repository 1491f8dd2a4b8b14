package dev.plimsoll.notify.delivery;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.contact.ContactPoints;
import dev.plimsoll.notify.format.Verdict;
import dev.plimsoll.notify.kafka.DeliveryLog;
import dev.plimsoll.notify.kafka.StoreUnavailableException;
import dev.plimsoll.notify.model.Notification;
import dev.plimsoll.notify.model.NotificationCodec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery worker: reads committed messages from the outbox, and for each one
 *
 * <ol>
 *   <li><b>dedup</b>: skips it when the delivery log says it is delivered or dead (a message read
 *       again after a restart), and resumes its attempt count and schedule when it was retrying;
 *   <li><b>orders</b>: messages with the same outbox key (one alert's lane for a webhook, one group
 *       for chat) go one after another, so a resolution never overtakes its firing;
 *   <li><b>limits</b>: at most {@code maxConcurrencyPerTarget} requests per contact point at once;
 *   <li><b>retries</b> with {@link Backoff}, honouring {@code Retry-After}, up to {@code
 *       maxAttempts}, then dead-letters;
 *   <li><b>records</b> every attempt in the delivery log before the next one is scheduled, and
 *       commits an outbox offset only once every message up to it is delivered or dead.
 * </ol>
 *
 * A crash anywhere leaves the message in the outbox past the committed offset; after a restart it
 * is read again, the log tells what is finished, and an unfinished one is sent again with the same
 * id. The one case a receiver sees twice is a crash after it accepted the request and before the
 * record was written — with the same {@code webhook-id} (ADR 0025).
 */
public final class Sender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    /** Outbox record header of a message an operator sent again: the redrive number. */
    public static final String REDRIVE_HEADER = "plimsoll-redrive";

    private final SenderSettings settings;
    private final String outboxTopic;
    private final ContactPoints contactPoints;
    private final DeliveryLog log;
    private final Attempt attempt;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final ExecutorService pool;
    private final ScheduledExecutorService timers;
    private final Map<String, TargetLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Track> tracks = new ConcurrentHashMap<>();

    /** Deliveries in progress, by id, with the partition generation that owns them. */
    private final Map<String, Track> active = new ConcurrentHashMap<>();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread poller;
    private volatile boolean running = true;

    public Sender(
            SenderSettings settings,
            String outboxTopic,
            ContactPoints contactPoints,
            DeliveryLog log,
            Attempt attempt,
            Clock clock,
            DeliveryMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.outboxTopic = outboxTopic;
        this.contactPoints = contactPoints;
        this.log = log;
        this.attempt = attempt;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.pool =
                Executors.newFixedThreadPool(
                        settings.threads(),
                        r -> daemon(r, "plimsoll-notify-http-" + n.incrementAndGet()));
        this.timers =
                Executors.newSingleThreadScheduledExecutor(
                        r -> daemon(r, "plimsoll-notify-retries"));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        if (settings.instanceId() != null) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId() + "-sender");
        }
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        this.consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.poller = daemon(this::pollLoop, "plimsoll-notify-outbox");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void start() {
        poller.start();
    }

    /** Messages taken from the outbox and not finished yet. */
    public int inFlight() {
        return inFlight.get();
    }

    public boolean isAlive() {
        return poller.isAlive();
    }

    private void pollLoop() {
        try {
            consumer.subscribe(List.of(outboxTopic), new Rebalance());
            boolean paused = false;
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    accept(r);
                }
                commit();
                int n = inFlight.get();
                if (!paused && n >= settings.maxInFlight()) {
                    consumer.pause(consumer.assignment());
                    paused = true;
                } else if (paused && n < settings.maxInFlight() / 2) {
                    consumer.resume(consumer.paused());
                    paused = false;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("The notification sender stopped", e);
        } finally {
            try {
                commit();
            } catch (RuntimeException e) {
                LOG.debug("Final commit failed", e);
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Track track = tracks.computeIfAbsent(tp, x -> new Track());
        track.seen(r.offset());
        Notification n;
        try {
            n = NotificationCodec.decode(r.value());
        } catch (DecodingException e) {
            LOG.error(
                    "Skipping an unreadable outbox record at {}-{}: {}",
                    tp,
                    r.offset(),
                    e.getMessage());
            track.done(r.offset());
            return;
        }
        String id = DeliveryRecord.idOf(n.contactPoint(), n.id());
        int redrive = redrive(r);
        Optional<DeliveryRecord> logged = log.get(id);
        if (logged.isPresent()
                && logged.get().status().isFinal()
                && logged.get().redrives() >= redrive) {
            LOG.debug("Delivery {} already {}; not sending again", id, logged.get().status());
            track.done(r.offset());
            return;
        }
        Track owner = active.putIfAbsent(id, track);
        if (owner == track) {
            track.done(r.offset()); // the same message twice in the outbox: one delivery
            return;
        }
        if (owner != null) {
            // Read again after a rebalance while the previous owner's job still runs: this one
            // takes over (it checks the log again before sending).
            active.put(id, track);
        }
        Instant now = clock.instant();
        DeliveryRecord record = logged.orElseGet(() -> pending(id, n, now));
        if (record.redrives() < redrive) {
            record = record.redriven(redrive, now);
        }
        if (logged.isEmpty() || logged.get() != record) {
            writeRecord(record);
        }
        inFlight.incrementAndGet();
        String laneKey = r.key() == null ? id : r.key();
        Job job = new Job(track, r.offset(), n, record, laneKey, r.value());
        lanes.computeIfAbsent(laneKey, k -> new Lane(k)).add(job);
    }

    private DeliveryRecord pending(String id, Notification n, Instant now) {
        Optional<ContactPoint> cp = contactPoints.find(n.contactPoint());
        List<DeliveryRecord.AlertRef> alerts =
                n.alerts().stream()
                        .map(
                                (AlertEvent e) ->
                                        new DeliveryRecord.AlertRef(
                                                e.alertId(),
                                                e.eventId(),
                                                e.rule(),
                                                e.state().wireName()))
                        .toList();
        return new DeliveryRecord(
                id,
                n.id(),
                n.contactPoint(),
                cp.map(c -> c.type().id()).orElse(null),
                DeliveryStatus.PENDING,
                0,
                null,
                null,
                now,
                now,
                null,
                n.status().wireName(),
                n.test(),
                alerts,
                0,
                null,
                null);
    }

    /** One message on its way. */
    private final class Job {
        final Track track;
        final long offset;
        final Notification notification;
        final String key;
        final byte[] raw;
        volatile DeliveryRecord record;

        Job(
                Track track,
                long offset,
                Notification n,
                DeliveryRecord record,
                String key,
                byte[] raw) {
            this.key = key;
            this.raw = raw;
            this.track = track;
            this.offset = offset;
            this.notification = n;
            this.record = record;
        }
    }

    /** Messages of one outbox key, delivered one after another. */
    private final class Lane {
        final String key;
        final Deque<Job> queue = new ArrayDeque<>();
        boolean busy;

        Lane(String key) {
            this.key = key;
        }

        void add(Job job) {
            boolean start;
            synchronized (this) {
                queue.add(job);
                start = !busy;
                busy = true;
            }
            if (start) {
                begin(job);
            }
        }

        void finished() {
            Job next;
            synchronized (this) {
                queue.poll();
                next = queue.peek();
                if (next == null) {
                    busy = false;
                    lanes.remove(key, this);
                }
            }
            if (next != null) {
                begin(next);
            }
        }

        private void begin(Job job) {
            Instant due = job.record.nextAttemptAt();
            long wait =
                    due == null
                            ? 0
                            : Math.max(0, Duration.between(clock.instant(), due).toMillis());
            if (wait > 0) {
                timers.schedule(() -> submit(this, job), wait, TimeUnit.MILLISECONDS);
            } else {
                submit(this, job);
            }
        }
    }

    private void submit(Lane lane, Job job) {
        if (!running) {
            return;
        }
        if (job.track.revoked) {
            finishQuietly(lane, job); // the partition moved to another sender
            return;
        }
        limiters.computeIfAbsent(
                        job.notification.contactPoint(),
                        k -> new TargetLimiter(settings.maxConcurrencyPerTarget(), pool))
                .execute(() -> tryOnce(lane, job));
    }

    private void tryOnce(Lane lane, Job job) {
        if (!running) {
            return;
        }
        Notification n = job.notification;
        DeliveryRecord r = job.record;
        Optional<DeliveryRecord> logged = log.get(r.id());
        if (logged.isPresent()
                && logged.get().status().isFinal()
                && logged.get().redrives() >= r.redrives()) {
            finishQuietly(lane, job); // finished meanwhile (by a previous owner): dedup
            return;
        }
        Optional<ContactPoint> cp = contactPoints.find(n.contactPoint());
        Instant now = clock.instant();
        if (cp.isEmpty()) {
            finish(
                    lane,
                    job,
                    r.next(
                            DeliveryStatus.DEAD,
                            r.attempts(),
                            "contact point '" + n.contactPoint() + "' does not exist",
                            null,
                            now,
                            null));
            return;
        }
        Attempt.Outcome outcome = attempt.run(n, cp.get(), now);
        int attempts = r.attempts() + 1;
        metrics.attempted(
                cp.get().type().id(),
                outcome.verdict() instanceof Verdict.Delivered
                        ? "delivered"
                        : outcome.verdict() instanceof Verdict.Retry ? "retry" : "failed");
        Instant after = clock.instant();
        Verdict v = outcome.verdict();
        if (v instanceof Verdict.Delivered) {
            finish(
                    lane,
                    job,
                    r.next(
                            DeliveryStatus.DELIVERED,
                            attempts,
                            r.lastError(),
                            outcome.responseCode(),
                            after,
                            null));
        } else if (v instanceof Verdict.Fail f) {
            LOG.warn(
                    "Notification {} to contact point '{}' refused for good: {}",
                    n.id(),
                    n.contactPoint(),
                    f.reason());
            finish(
                    lane,
                    job,
                    r.next(
                            DeliveryStatus.DEAD,
                            attempts,
                            f.reason(),
                            outcome.responseCode(),
                            after,
                            null));
        } else {
            Verdict.Retry retry = (Verdict.Retry) v;
            if (attempts >= settings.maxAttempts()) {
                LOG.warn(
                        "Notification {} to contact point '{}' dead-lettered after {} attempts: {}",
                        n.id(),
                        n.contactPoint(),
                        attempts,
                        retry.reason());
                finish(
                        lane,
                        job,
                        r.next(
                                DeliveryStatus.DEAD,
                                attempts,
                                "gave up after " + attempts + " attempts: " + retry.reason(),
                                outcome.responseCode(),
                                after,
                                null));
                return;
            }
            Duration delay =
                    settings.backoff()
                            .delay(
                                    attempts,
                                    retry.retryAfter(),
                                    ThreadLocalRandom.current()::nextDouble);
            Instant due = after.plus(delay);
            job.record =
                    r.next(
                            DeliveryStatus.RETRYING,
                            attempts,
                            retry.reason(),
                            outcome.responseCode(),
                            after,
                            due);
            LOG.info(
                    "Notification {} to contact point '{}' attempt {} failed ({}); next in {} ms",
                    n.id(),
                    n.contactPoint(),
                    attempts,
                    retry.reason(),
                    delay.toMillis());
            if (!writeRecord(job.record)) {
                return;
            }
            timers.schedule(() -> submit(lane, job), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void finish(Lane lane, Job job, DeliveryRecord outcome) {
        DeliveryRecord finalRecord =
                outcome.status() == DeliveryStatus.DEAD
                        ? outcome.withMessage(job.key, job.raw)
                        : outcome;
        job.record = finalRecord;
        if (!writeRecord(finalRecord)) {
            return;
        }
        metrics.finished(
                finalRecord.type() == null ? "unknown" : finalRecord.type(), finalRecord.status());
        finishQuietly(lane, job);
    }

    private void finishQuietly(Lane lane, Job job) {
        job.track.done(job.offset);
        active.remove(job.record.id(), job.track);
        inFlight.decrementAndGet();
        lane.finished();
    }

    /** The redrive number an operator's retry put on the record (header), or 0. */
    private static int redrive(ConsumerRecord<String, byte[]> r) {
        org.apache.kafka.common.header.Header h = r.headers().lastHeader(REDRIVE_HEADER);
        if (h == null) {
            return 0;
        }
        try {
            return Integer.parseInt(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Records a state; retries the write while Kafka is unavailable. False when closing. */
    private boolean writeRecord(DeliveryRecord r) {
        while (running) {
            try {
                log.write(r);
                return true;
            } catch (StoreUnavailableException e) {
                LOG.warn("Delivery log unavailable, retrying: {}", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, Track> e : tracks.entrySet()) {
            long next = e.getValue().committable();
            if (next >= 0) {
                offsets.put(e.getKey(), new OffsetAndMetadata(next));
            }
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
            offsets.forEach(
                    (tp, o) -> {
                        Track t = tracks.get(tp);
                        if (t != null) {
                            t.committed(o.offset());
                        }
                    });
        }
    }

    /** Offsets of one partition: the lowest unfinished one bounds what may be committed. */
    private static final class Track {
        private final TreeSet<Long> open = new TreeSet<>();
        private long highest = -1;
        private long lastCommitted = -1;
        volatile boolean revoked;

        synchronized void seen(long offset) {
            open.add(offset);
            highest = Math.max(highest, offset);
        }

        synchronized void done(long offset) {
            open.remove(offset);
        }

        /** The offset to commit, or -1 when nothing new. */
        synchronized long committable() {
            if (highest < 0) {
                return -1;
            }
            long next = open.isEmpty() ? highest + 1 : open.first();
            return next > lastCommitted ? next : -1;
        }

        synchronized void committed(long offset) {
            lastCommitted = Math.max(lastCommitted, offset);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commit();
            } catch (RuntimeException e) {
                LOG.warn("Commit before rebalance failed: {}", e.getMessage());
            }
            for (TopicPartition tp : partitions) {
                Track t = tracks.remove(tp);
                if (t != null) {
                    t.revoked = true;
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                log.awaitCaughtUp(Duration.ofSeconds(60));
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warn(
                        "Delivery log view not caught up; deliveries may repeat: {}",
                        e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
