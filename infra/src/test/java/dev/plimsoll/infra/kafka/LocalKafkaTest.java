package dev.plimsoll.infra.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loops below poll until data arrives; the timeout turns a hang into a failure. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalKafkaTest {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaTest.class);

    @TempDir static Path sharedDir;
    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = LocalKafka.start(sharedDir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Acceptance (issue 2): 100 000 records produced, exactly those consumed back. */
    @Test
    void producesAndConsumesBackExactlyOneHundredThousandRecords() throws Exception {
        int count = 100_000;
        String topic = "acceptance.hundred-thousand";
        createTopic(kafka, topic, 3);

        long produceStart = System.nanoTime();
        AtomicInteger acknowledged = new AtomicInteger();
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(
                        new ProducerRecord<>(topic, key(i), value(i)),
                        (metadata, e) -> {
                            if (e == null) {
                                acknowledged.incrementAndGet();
                            } else {
                                failures.add(e);
                            }
                        });
            }
            producer.flush();
        }
        assertThat(failures).isEmpty();
        assertThat(acknowledged).hasValue(count);
        long produceMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - produceStart);

        long consumeStart = System.nanoTime();
        List<ConsumerRecord<String, String>> records = readAll(kafka, topic, "read_uncommitted");
        long consumeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - consumeStart);
        LOG.info(
                "{} records of ~100 B: produced in {} ms, consumed in {} ms",
                count,
                produceMillis,
                consumeMillis);

        assertThat(records).hasSize(count);
        Map<String, String> byKey = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            String previous = byKey.put(r.key(), r.value());
            assertThat(previous).as("duplicate key %s", r.key()).isNull();
        }
        assertThat(byKey).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(byKey.get(key(i))).as("value of %s", key(i)).isEqualTo(value(i));
        }
        // Records of one key stay in one partition, in order.
        Map<Integer, List<Long>> offsetsByPartition =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        ConsumerRecord::partition,
                                        Collectors.mapping(
                                                ConsumerRecord::offset, Collectors.toList())));
        assertThat(offsetsByPartition.keySet()).containsExactlyInAnyOrder(0, 1, 2);
        for (List<Long> offsets : offsetsByPartition.values()) {
            assertThat(offsets).isSorted().doesNotHaveDuplicates();
            assertThat(offsets.get(0)).isZero();
            assertThat(offsets.get(offsets.size() - 1)).isEqualTo(offsets.size() - 1L);
        }
    }

    @Test
    void committedTransactionIsVisibleToReadCommittedAndAbortedOneIsNot() throws Exception {
        String topic = "transactions.visibility";
        createTopic(kafka, topic, 2);
        Map<String, Object> transactional =
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-kafka-test-tx");
        try (KafkaProducer<String, String> producer = producer(kafka, transactional)) {
            producer.initTransactions();

            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "committed-" + i, "c" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 7; i++) {
                producer.send(new ProducerRecord<>(topic, "aborted-" + i, "a" + i));
            }
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "committed-10", "c10"));
            producer.commitTransaction();
        }

        Set<String> committedKeys =
                readAll(kafka, topic, "read_committed").stream()
                        .map(ConsumerRecord::key)
                        .collect(Collectors.toSet());
        Set<String> expected = new java.util.HashSet<>();
        for (int i = 0; i <= 10; i++) {
            expected.add("committed-" + i);
        }
        assertThat(committedKeys).isEqualTo(expected);

        // The aborted records were written: a read_uncommitted consumer sees all 18.
        List<ConsumerRecord<String, String>> everything = readAll(kafka, topic, "read_uncommitted");
        assertThat(everything).hasSize(18);
        assertThat(everything.stream().filter(r -> r.key().startsWith("aborted-"))).hasSize(7);
    }

    @Test
    void restartOnTheSameDataDirKeepsTopicsRecordsOffsetsAndClusterId(@TempDir Path dir)
            throws Exception {
        String topic = "restart.kept";
        String clusterId;
        try (LocalKafka first = LocalKafka.start(dir)) {
            clusterId = first.clusterId();
            createTopic(first, topic, 2);
            try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, key(i), value(i))));
                }
                for (java.util.concurrent.Future<?> f : sent) {
                    f.get();
                }
            }
            // Commit offsets of a group that has read the first 500 records.
            try (KafkaConsumer<String, String> consumer = groupConsumer(first, "restart-group")) {
                consumer.subscribe(List.of(topic));
                int seen = 0;
                while (seen < 500) {
                    seen += consumer.poll(Duration.ofMillis(200)).count();
                }
                consumer.commitSync();
            }
        }

        try (LocalKafka second = LocalKafka.start(dir)) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            try (Admin admin = admin(second)) {
                assertThat(admin.listTopics().names().get()).contains(topic);
                assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
            }
            List<ConsumerRecord<String, String>> records =
                    readAll(second, topic, "read_uncommitted");
            assertThat(records).hasSize(500);
            Map<String, String> byKey =
                    records.stream()
                            .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
            for (int i = 0; i < 500; i++) {
                assertThat(byKey).containsEntry(key(i), value(i));
            }

            // The group resumes after its committed offsets: it sees only the new record.
            try (KafkaProducer<String, String> producer = producer(second, Map.of())) {
                producer.send(new ProducerRecord<>(topic, "after-restart", "new")).get();
            }
            try (KafkaConsumer<String, String> consumer = groupConsumer(second, "restart-group")) {
                consumer.subscribe(List.of(topic));
                List<String> keys = new ArrayList<>();
                while (keys.isEmpty()) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                }
                assertThat(keys).containsExactly("after-restart");
            }
        }
    }

    @Test
    void closeReleasesThePortAndIsIdempotent(@TempDir Path dir) throws IOException {
        LocalKafka broker = LocalKafka.start(dir);
        int port = broker.port();
        int controllerPort = broker.controllerPort();
        broker.close();
        broker.close();
        for (int p : new int[] {port, controllerPort}) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), p));
                assertThat(socket.getLocalPort()).isEqualTo(p);
            }
        }
    }

    @Test
    void startsOnARequestedPort(@TempDir Path dir) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        try (LocalKafka broker = LocalKafka.start(dir, port)) {
            assertThat(broker.port()).isEqualTo(port);
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
        }
    }

    @Test
    void aTakenPortIsReportedByNumber(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalKafka.start(dir, port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Local Kafka cannot listen on 127.0.0.1:" + port + ": port in use");
        }
        // Nothing was left holding the directory.
        try (LocalKafka broker = LocalKafka.start(dir)) {
            assertThat(broker.port()).isPositive();
        }
    }

    @Test
    void aPortTakenBetweenChoosingAndBindingIsRetriedOnOtherPorts(@TempDir Path dir)
            throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int freePort = free.getLocalPort();
            free.close();
            List<int[]> picks = new ArrayList<>();
            // First attempt: the controller port is already taken (as if another process won
            // the race); second attempt: free ports.
            LocalKafka.PortPicker picker =
                    requested -> {
                        int[] pick =
                                picks.isEmpty()
                                        ? new int[] {freePort, taken.getLocalPort()}
                                        : freePorts();
                        picks.add(pick);
                        return pick;
                    };
            try (LocalKafka broker = LocalKafka.start(dir, 0, picker)) {
                assertThat(picks).hasSize(2);
                assertThat(broker.port()).isEqualTo(picks.get(1)[0]);
                assertThat(broker.controllerPort()).isEqualTo(picks.get(1)[1]);
            }
        }
    }

    @Test
    void givesUpAfterFiveLostRaces(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int[] attempts = {0};
            LocalKafka.PortPicker alwaysTaken =
                    requested -> {
                        attempts[0]++;
                        return new int[] {freePorts()[0], taken.getLocalPort()};
                    };
            assertThatThrownBy(() -> LocalKafka.start(dir, 0, alwaysTaken))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Local Kafka could not bind free loopback ports after 5 attempts");
            assertThat(attempts[0]).isEqualTo(5);
        }
        // The failed attempts left the directory usable.
        try (LocalKafka broker = LocalKafka.start(dir)) {
            assertThat(broker.port()).isPositive();
        }
    }

    private static int[] freePorts() {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSecondBrokerOnABusyDataDirFailsAndTheFirstKeepsRunning() throws Exception {
        assertThatThrownBy(() -> LocalKafka.start(kafka.dataDir()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "Kafka data dir "
                                + kafka.dataDir()
                                + " is in use by another local Kafka (in this or another"
                                + " process)");
        try (Admin admin = admin(kafka)) {
            assertThat(admin.describeCluster().clusterId().get()).isEqualTo(kafka.clusterId());
        }
    }

    @Test
    void createAndAwaitLeavesExistingTopicsAloneAndReportsRealErrors() {
        try (Admin admin = admin(kafka)) {
            NewTopic topic = new NewTopic("topics.existing", 2, (short) 1);
            KafkaTopics.createAndAwait(admin, List.of(topic), Duration.ofSeconds(30));
            KafkaTopics.createAndAwait(
                    admin,
                    List.of(new NewTopic("topics.existing", 5, (short) 1)),
                    Duration.ofSeconds(30));
            assertThat(partitionCount(admin, "topics.existing")).isEqualTo(2);

            assertThatThrownBy(
                            () ->
                                    KafkaTopics.createAndAwait(
                                            admin,
                                            List.of(new NewTopic("topics.too-many", 1, (short) 3)),
                                            Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Cannot create topic topics.too-many: ")
                    .hasMessageContaining("replication factor");
        }
    }

    private static int partitionCount(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDataDirOfAnotherNodeIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("meta.properties"),
                "version=1\ncluster.id=AAAAAAAAAAAAAAAAAAAAAA\nnode.id=7\n"
                        + "directory.id=BBBBBBBBBBBBBBBBBBBBBB\n");
        assertThatThrownBy(() -> LocalKafka.start(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Local Kafka cannot use data dir " + dir + ": ")
                .hasMessageContaining("7");
    }

    @Test
    void rejectsBadArguments(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> LocalKafka.start(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka data dir " + file + " exists and is not a directory");
        assertThatThrownBy(() -> LocalKafka.start(dir, 70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 0 (any free port) and 65535, got 70000");
        assertThatThrownBy(() -> LocalKafka.start(dir, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalKafka.start(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("dataDir");
    }

    // --- helpers -------------------------------------------------------------------------

    private static String key(int i) {
        return String.format("key-%06d", i);
    }

    /** About 100 bytes, derived from the index so that every value is checkable. */
    private static String value(int i) {
        return "value-" + i + "-" + "x".repeat(80) + "-" + Integer.toHexString(i * 31 + 7);
    }

    private static Admin admin(LocalKafka broker) {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static void createTopic(LocalKafka broker, String topic, int partitions) {
        try (Admin admin = admin(broker)) {
            KafkaTopics.createAndAwait(
                    admin,
                    List.of(new NewTopic(topic, partitions, (short) 1)),
                    Duration.ofSeconds(30));
        }
    }

    private static KafkaProducer<String, String> producer(
            LocalKafka broker, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> groupConsumer(LocalKafka broker, String group) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer());
    }

    /**
     * Reads every partition of {@code topic} from the beginning up to its current end offset (the
     * last stable offset for {@code read_committed}), without a consumer group.
     */
    private static List<ConsumerRecord<String, String>> readAll(
            LocalKafka broker, String topic, String isolation) {
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers(),
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                isolation,
                                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                                5_000),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
