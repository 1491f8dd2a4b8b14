package dev.plimsoll.streams.sink;

import dev.plimsoll.streams.row.MalformedRowException;
import dev.plimsoll.streams.row.ServiceMinuteRowJson;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Copies final minute rows from {@code metrics.service-minute.v1} into ClickHouse table {@code
 * service_minute}, exactly once.
 *
 * <p>A plain Kafka consumer ({@code read_committed}, its own group) collects rows into a batch and
 * inserts the batch as one {@code INSERT} when it holds {@link ClickHouseSinkSettings#batchRows()}
 * rows or its oldest row has waited {@link ClickHouseSinkSettings#batchInterval()}. Every row
 * stores its Kafka partition and offset. When a partition is assigned (at start and after every
 * rebalance) the sink reads the highest stored offset of that partition from ClickHouse and resumes
 * right after it, or at the committed offset when that is further (rows expired by TTL). Offsets
 * are committed to Kafka after each insert, for lag monitoring. So a row is inserted once even when
 * the sink dies between an insert and its offset commit, and the rollup views, which fire on
 * insert, count it once. See {@code docs/adr/0002-clickhouse-sink-exactly-once.md}.
 *
 * <p>While ClickHouse fails, the sink retries the batch with exponential backoff, keeps polling
 * (with its partitions paused) to stay in the group, and before each retry drops the rows that a
 * failed-looking insert did store. {@link #close()} inserts the pending batch first.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}; runs one background thread.
 */
public final class ClickHouseSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);
    static final Duration MAX_INSERT_WAIT = SOCKET_TIMEOUT.plusSeconds(30);

    private final ClickHouseSinkSettings settings;
    private final AtomicLong rowsInserted = new AtomicLong();
    private final AtomicLong batchesInserted = new AtomicLong();
    private final AtomicLong recordsSkipped = new AtomicLong();
    private final AtomicLong insertFailures = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);

    // Owned by the sink thread once started.
    private final List<SourcedRow> batch = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private long batchStartedNanos;
    private long nextPositionAttemptNanos;
    private Duration positionBackoff = FIRST_BACKOFF;
    private boolean inFlush;
    private boolean unverifiedFailure;
    private Connection connection;
    private ServiceMinuteTable table;
    private KafkaConsumer<byte[], byte[]> consumer;

    private volatile boolean running;
    private volatile Throwable failure;
    private Thread thread;

    public ClickHouseSink(ClickHouseSinkSettings settings) {
        this.settings = settings;
    }

    /**
     * Connects to ClickHouse, applies the configured TTLs and starts consuming.
     *
     * @throws IllegalStateException when started twice
     * @throws SinkException when ClickHouse cannot be reached or the tables are missing
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the sink was already started");
        }
        try {
            connect();
            if (settings.applyTtl()) {
                List<String> changed = table.applyTtl(settings.ttl());
                if (!changed.isEmpty()) {
                    LOG.info("Applied TTL {} to {}", settings.ttl(), changed);
                }
            }
        } catch (SQLException e) {
            closeConnection();
            throw new SinkException(
                    "ClickHouse at "
                            + settings.jdbcUrl()
                            + " is not usable for the sink: "
                            + e.getMessage(),
                    e);
        }
        consumer = new KafkaConsumer<>(consumerProperties());
        running = true;
        thread = new Thread(this::run, "plimsoll-clickhouse-sink");
        thread.start();
        LOG.info(
                "ClickHouse sink started: topic {}, group {}, batches of {} rows or {}",
                settings.topic(),
                settings.groupId(),
                settings.batchRows(),
                settings.batchInterval());
    }

    /** Inserts the pending batch, commits its offsets and stops (waits up to 60 s). */
    @Override
    public void close() {
        close(Duration.ofSeconds(60));
    }

    /** Inserts the pending batch, commits its offsets and stops, waiting up to {@code timeout}. */
    public void close(Duration timeout) {
        Thread t;
        synchronized (this) {
            t = thread;
            if (t == null || !running) {
                return;
            }
            running = false;
        }
        consumer.wakeup();
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("ClickHouse sink did not stop within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the sink thread is running (false after close or a fatal error). */
    public boolean isRunning() {
        return running && failure == null;
    }

    /** The error that stopped the sink thread, if any. */
    public Throwable failure() {
        return failure;
    }

    public SinkStats stats() {
        return new SinkStats(
                rowsInserted.get(),
                batchesInserted.get(),
                recordsSkipped.get(),
                insertFailures.get());
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.topic()), new Rebalance());
            while (running) {
                positionAssigned();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout())) {
                    accept(record);
                    if (batch.size() >= settings.batchRows()) {
                        flush();
                    }
                }
                if (batchDue()) {
                    flush();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
                LOG.error("ClickHouse sink woken up unexpectedly", e);
            }
        } catch (Throwable e) {
            failure = e;
            LOG.error("ClickHouse sink stopped by an unexpected error", e);
        } finally {
            running = false;
            try {
                if (failure == null && !batch.isEmpty()) {
                    flushOnce();
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not insert the last batch; it will be read again at restart", e);
            }
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            } catch (RuntimeException e) {
                LOG.warn("Closing the sink's consumer failed", e);
            }
            closeConnection();
            LOG.info("ClickHouse sink stopped: {}", stats());
            stopped.countDown();
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (unpositioned.contains(tp)) {
            return; // fetched before the partition was paused; it will be read again
        }
        try {
            if (batch.isEmpty()) {
                batchStartedNanos = System.nanoTime();
            }
            batch.add(
                    new SourcedRow(
                            record.partition(),
                            record.offset(),
                            ServiceMinuteRowJson.decode(record.value())));
        } catch (MalformedRowException e) {
            recordsSkipped.incrementAndGet();
            LOG.error(
                    "Skipping record {}@{}, it is not a service-minute row: {}",
                    tp,
                    record.offset(),
                    e.getMessage());
        }
        nextOffsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
    }

    private boolean batchDue() {
        if (batch.isEmpty()) {
            return !nextOffsets.isEmpty(); // only skipped records: commit past them
        }
        return System.nanoTime() - batchStartedNanos >= settings.batchInterval().toNanos();
    }

    private Duration pollTimeout() {
        if (batch.isEmpty()) {
            return IDLE_POLL;
        }
        long left = settings.batchInterval().toNanos() - (System.nanoTime() - batchStartedNanos);
        return Duration.ofNanos(Math.max(0, Math.min(left, IDLE_POLL.toNanos())));
    }

    /** Inserts the batch, retrying until it is stored, its partitions are revoked, or close. */
    private void flush() {
        Duration backoff = FIRST_BACKOFF;
        while (!flushOnce()) {
            if (!running || batch.isEmpty()) {
                return;
            }
            pollPaused(backoff);
            backoff = min(backoff.multipliedBy(2), settings.maxRetryBackoff());
        }
    }

    /**
     * One insert attempt of the whole batch, then an offset commit; true when stored. After a
     * failed attempt, the next one first removes the rows that the failed insert stored after all
     * (its response may have been lost), and does not insert anything until it knows.
     */
    private boolean flushOnce() {
        inFlush = true;
        try {
            if (unverifiedFailure) {
                reconnectIfNeeded();
                dropStoredRows();
                unverifiedFailure = false;
            }
            if (batch.isEmpty()) {
                commit();
                return true;
            }
            long n = batchesInserted.get() + 1;
            LOG.debug("Inserting batch {} of {} rows: {}", n, batch.size(), ranges());
            reconnectIfNeeded();
            table.insert(batch);
            rowsInserted.addAndGet(batch.size());
            batchesInserted.incrementAndGet();
            LOG.debug("Inserted batch {} of {} rows", n, batch.size());
            batch.clear();
            commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            if (e instanceof WakeupException w) {
                throw w;
            }
            unverifiedFailure = true;
            insertFailures.incrementAndGet();
            LOG.warn(
                    "Inserting {} rows into ClickHouse failed, will retry: {}",
                    batch.size(),
                    e.getMessage());
            closeConnection();
            return false;
        } finally {
            inFlush = false;
        }
    }

    /** After a failed insert: the insert may still have been stored; drop what was. */
    private void dropStoredRows() throws SQLException {
        awaitRunningInserts();
        Set<Integer> partitions =
                batch.stream().map(SourcedRow::partition).collect(Collectors.toSet());
        Map<Integer, Long> stored = table.maxStoredOffsets(partitions);
        int before = batch.size();
        batch.removeIf(r -> r.offset() <= stored.getOrDefault(r.partition(), -1L));
        if (batch.size() != before) {
            LOG.info(
                    "{} rows of the failed batch were stored after all; not inserting them again",
                    before - batch.size());
            rowsInserted.addAndGet(before - batch.size());
        }
    }

    private void commit() {
        if (nextOffsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(nextOffsets);
        } catch (KafkaException e) {
            // ClickHouse holds the authoritative position; the commit only serves lag monitoring.
            LOG.warn("Committing sink offsets failed: {}", e.getMessage());
        }
        nextOffsets.clear();
    }

    /** Waits while keeping group membership: polls with every partition paused. */
    private void pollPaused(Duration wait) {
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        long until = System.nanoTime() + wait.toNanos();
        do {
            ConsumerRecords<byte[], byte[]> unexpected =
                    consumer.poll(Duration.ofMillis(Math.min(100, wait.toMillis())));
            for (TopicPartition tp : unexpected.partitions()) {
                // should not happen while paused; read them again later rather than lose them
                consumer.seek(tp, unexpected.records(tp).get(0).offset());
            }
        } while (running && System.nanoTime() < until);
        Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
        resume.removeAll(unpositioned);
        consumer.resume(resume);
    }

    /** Seeks newly assigned partitions to just after their last stored row. */
    private void positionAssigned() {
        if (unpositioned.isEmpty() || System.nanoTime() < nextPositionAttemptNanos) {
            return;
        }
        try {
            reconnectIfNeeded();
            awaitRunningInserts();
            Map<Integer, Long> stored =
                    table.maxStoredOffsets(
                            unpositioned.stream()
                                    .map(TopicPartition::partition)
                                    .collect(Collectors.toSet()));
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(unpositioned);
            for (TopicPartition tp : unpositioned) {
                Long afterStored =
                        stored.containsKey(tp.partition()) ? stored.get(tp.partition()) + 1 : null;
                OffsetAndMetadata c = committed.get(tp);
                Long afterCommitted = c == null ? null : c.offset();
                Long position = afterStored;
                if (position == null || (afterCommitted != null && afterCommitted > position)) {
                    position = afterCommitted;
                }
                if (position != null) {
                    consumer.seek(tp, position);
                }
                LOG.info(
                        "Sink resumes {} at offset {} (after the last row in ClickHouse: {},"
                                + " committed: {})",
                        tp,
                        position == null ? "earliest" : position,
                        afterStored,
                        afterCommitted);
            }
            consumer.resume(unpositioned);
            unpositioned.clear();
            positionBackoff = FIRST_BACKOFF;
        } catch (SQLException | KafkaException e) {
            if (e instanceof WakeupException w) {
                throw w;
            }
            LOG.warn(
                    "Cannot read the sink's stored positions yet, retrying in {}: {}",
                    positionBackoff,
                    e.getMessage());
            closeConnection();
            nextPositionAttemptNanos = System.nanoTime() + positionBackoff.toNanos();
            positionBackoff = min(positionBackoff.multipliedBy(2), settings.maxRetryBackoff());
        }
    }

    /**
     * Waits until the inserts into {@code service_minute} that the server is running now have
     * finished (at most {@link #MAX_INSERT_WAIT}). An insert of a sink that just died, or one of
     * ours whose connection failed, can still be executing on the server; reading the highest
     * stored offset before it finishes would make us insert its rows again.
     */
    private void awaitRunningInserts() throws SQLException {
        Set<String> inFlight = table.runningInserts();
        long deadline = System.nanoTime() + MAX_INSERT_WAIT.toNanos();
        while (!inFlight.isEmpty()) {
            if (System.nanoTime() > deadline || !running) {
                LOG.warn(
                        "Inserts {} are still running on ClickHouse; not waiting longer", inFlight);
                return;
            }
            LOG.info("Waiting for {} insert(s) still running on ClickHouse", inFlight.size());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for running inserts", e);
            }
            inFlight.retainAll(table.runningInserts());
        }
    }

    private String ranges() {
        Map<Integer, long[]> r = new HashMap<>();
        for (SourcedRow row : batch) {
            r.merge(
                    row.partition(),
                    new long[] {row.offset(), row.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        return r.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "p" + e.getKey() + "@" + e.getValue()[0] + ".." + e.getValue()[1])
                .collect(Collectors.joining(", "));
    }

    private void dropPartitions(Collection<TopicPartition> partitions) {
        Set<Integer> gone =
                partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        batch.removeIf(r -> gone.contains(r.partition()));
        nextOffsets.keySet().removeAll(partitions);
        unpositioned.removeAll(partitions);
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!inFlush && running && !batch.isEmpty()) {
                flushOnce(); // one attempt; the next owner resumes from ClickHouse anyway
            }
            dropPartitions(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: inserting now could store rows twice.
            dropPartitions(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            consumer.pause(partitions);
            unpositioned.addAll(partitions);
            nextPositionAttemptNanos = 0;
        }
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putAll(settings.consumerOverrides());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    private void connect() throws SQLException {
        Properties p = new Properties();
        // An insert must fail well before the consumer would be evicted from its group
        // (max.poll.interval.ms, 5 min): an evicted sink still inserting could store rows twice.
        p.put("socket_timeout", Long.toString(SOCKET_TIMEOUT.toMillis()));
        p.putAll(settings.jdbcProperties());
        connection = DriverManager.getConnection(settings.jdbcUrl(), p);
        table = new ServiceMinuteTable(connection);
    }

    private void reconnectIfNeeded() throws SQLException {
        if (connection == null) {
            connect();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the ClickHouse connection failed", e);
            }
            connection = null;
            table = null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
