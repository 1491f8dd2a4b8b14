package dev.plimsoll.alerts.history;

import dev.plimsoll.read.clickhouse.ClickHouseGateway;

import com.clickhouse.client.api.query.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies a topic into a ClickHouse table exactly once, with the technique of the streams job's sink
 * (ADR 0007): every row stores its Kafka partition and offset, each poll's records are inserted as
 * one {@code INSERT} (all or nothing), and on every assignment the consumer resumes after the
 * highest offset stored for the partition, whatever Kafka's committed offsets say. The tables are
 * also ReplacingMergeTrees keyed by the record's identity, read with {@code FINAL}.
 */
public final class TopicSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSink.class);

    /** Turns records into rows: the SELECT of one row, its parameters prefixed with {@code p}. */
    public interface Rows {
        /**
         * The row's {@code SELECT ...} (columns in the table's insert order), or null to skip it.
         */
        String select(
                ConsumerRecord<String, byte[]> record,
                String prefix,
                Map<String, Object> parameters);
    }

    private final ClickHouseGateway gateway;
    private final String topic;
    private final String table;
    private final String columns;
    private final Rows rows;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile long inserted;

    public TopicSink(
            ClickHouseGateway gateway,
            String bootstrap,
            String groupId,
            String topic,
            String table,
            String columns,
            Rows rows) {
        this.gateway = gateway;
        this.topic = topic;
        this.table = table;
        this.columns = columns;
        this.rows = rows;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(c);
        this.thread = new Thread(this::run, "sink-" + table);
        this.thread.setDaemon(true);
    }

    public TopicSink start() {
        consumer.subscribe(
                List.of(topic),
                new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        resume(partitions);
                    }
                });
        thread.start();
        return this;
    }

    /** Rows inserted so far by this instance. */
    public long inserted() {
        return inserted;
    }

    private void resume(Collection<TopicPartition> partitions) {
        Map<Integer, Long> stored = new HashMap<>();
        for (GenericRecord row :
                gateway.query(
                        "SELECT toUInt32(source_partition) AS p, toInt64(max(source_offset)) AS o"
                                + " FROM "
                                + table
                                + " GROUP BY p",
                        Map.of())) {
            stored.put((int) row.getLong("p"), row.getLong("o"));
        }
        for (TopicPartition tp : partitions) {
            Long o = stored.get(tp.partition());
            if (o != null) {
                consumer.seek(tp, o + 1);
            }
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (running.get()) {
            try {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                Map<String, Object> parameters = new LinkedHashMap<>();
                List<String> selects = new ArrayList<>();
                int i = 0;
                for (ConsumerRecord<String, byte[]> r : records) {
                    String select = rows.select(r, "p" + i + "_", parameters);
                    if (select != null) {
                        selects.add(select);
                    }
                    i++;
                }
                if (!selects.isEmpty()) {
                    gateway.query(
                            "INSERT INTO "
                                    + table
                                    + " ("
                                    + columns
                                    + ") "
                                    + String.join(" UNION ALL ", selects),
                            parameters);
                    inserted += selects.size();
                }
                consumer.commitSync();
                backoff = Duration.ofMillis(200);
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                LOG.warn(
                        "{} sink: insert failed, resuming from the stored positions in {}: {}",
                        table,
                        backoff,
                        e.toString());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff =
                        backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                                ? Duration.ofSeconds(30)
                                : backoff.multipliedBy(2);
                try {
                    resume(consumer.assignment());
                } catch (RuntimeException again) {
                    LOG.debug("resume failed", again);
                }
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(10));
    }
}
