package dev.plimsoll.infra.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running inside
 * this JVM, for development, tests and the embedded default.
 *
 * <p>It listens on loopback only (a plaintext broker listener and a controller listener) and keeps
 * everything in one data directory. The directory is formatted on first use; starting again on the
 * same directory keeps topics, records, committed offsets and the cluster id. Every internal topic
 * (consumer offsets, transaction state, share-group state) has replication factor and min ISR 1, so
 * consumer groups, idempotent and transactional producers, and Kafka Streams {@code
 * exactly_once_v2} work against it.
 *
 * <p>Broker defaults: auto topic creation on with {@value #DEFAULT_PARTITIONS} partitions,
 * replication factor 1, no time-based retention (tests and replays write records with historical
 * timestamps, which time-based retention would delete within minutes) but at most {@value
 * #RETENTION_BYTES_PER_PARTITION} bytes kept per partition, no initial rebalance delay. See {@link
 * #brokerProperties} for the full list.
 *
 * <p>{@link #start} returns once an admin client sees the broker; a failed start is an exception,
 * never a halted JVM. {@link #close} shuts the broker down cleanly and releases its ports and the
 * data-directory lock, so the same directory can be started again in the same JVM. Instances are
 * thread-safe.
 *
 * <p>Create topics with {@link KafkaTopics#createAndAwait} before producing to them.
 *
 * <p>Start time on a 2-core machine: 1.5–1.7 s for the first start in a JVM (class loading; more
 * under load), 0.15–0.5 s for later ones.
 */
public final class LocalKafka implements AutoCloseable {

    /** Partitions of auto-created topics. */
    public static final int DEFAULT_PARTITIONS = 3;

    /** Size cap per partition before old segments are deleted (1 GiB). */
    public static final long RETENTION_BYTES_PER_PARTITION = 1L << 30;

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String LOOPBACK = "127.0.0.1";
    private static final int MAX_START_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Object START_LOCK = new Object();

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String clusterId;
    private final int port;
    private final int controllerPort;
    private final DataDirLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalKafka(
            KafkaRaftServer server,
            Path dataDir,
            String clusterId,
            int port,
            int controllerPort,
            DataDirLock lock) {
        this.server = server;
        this.dataDir = dataDir;
        this.clusterId = clusterId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.lock = lock;
    }

    /**
     * Starts a broker on free loopback ports, with its data in {@code dataDir} (created if missing,
     * formatted if not formatted yet). Returns when the broker answers.
     */
    public static LocalKafka start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts a broker whose client listener is {@code 127.0.0.1:port} ({@code 0}: a free port),
     * with its data in {@code dataDir}. The controller listener always takes a free port. Returns
     * when the broker answers.
     *
     * @throws IllegalArgumentException if the port is out of range or {@code dataDir} is not a
     *     usable directory
     * @throws IllegalStateException if the port is taken or the broker fails to start (for instance
     *     because another broker holds the data directory)
     */
    public static LocalKafka start(Path dataDir, int port) {
        return start(dataDir, port, LocalKafka::choosePorts);
    }

    /** Chooses the broker and controller ports of one start attempt. */
    @FunctionalInterface
    interface PortPicker {
        /**
         * @param requestedBrokerPort the caller's port, or 0 for any
         * @return {broker port, controller port}
         */
        int[] pick(int requestedBrokerPort);
    }

    static LocalKafka start(Path dataDir, int port, PortPicker ports) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    "port must be between 0 (any free port) and 65535, got " + port);
        }
        Path dir = prepareDataDir(dataDir);
        DataDirLock lock = DataDirLock.acquire(dir);
        try {
            return startLocked(dir, port, ports, lock);
        } catch (RuntimeException | Error e) {
            lock.release();
            throw e;
        }
    }

    private static LocalKafka startLocked(
            Path dir, int port, PortPicker portPicker, DataDirLock lock) {
        BrokerLogging.quietUnlessConfigured();
        long started = System.nanoTime();
        String clusterId = formatIfNeeded(dir);

        RuntimeException lastBindFailure = null;
        for (int attempt = 1; attempt <= MAX_START_ATTEMPTS; attempt++) {
            int[] ports = portPicker.pick(port);
            int brokerPort = ports[0];
            int controllerPort = ports[1];
            KafkaRaftServer server;
            try {
                server =
                        new KafkaRaftServer(
                                new KafkaConfig(
                                        brokerProperties(dir, brokerPort, controllerPort), false),
                                Time.SYSTEM);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "Local Kafka cannot use data dir " + dir + ": " + e.getMessage(), e);
            }
            RuntimeException failure = startOrShutDown(server);
            if (failure != null) {
                boolean brokerPortTaken = !isFree(brokerPort);
                boolean controllerPortTaken = !isFree(controllerPort);
                if (port != 0 && brokerPortTaken) {
                    throw new IllegalStateException(
                            "Local Kafka cannot listen on 127.0.0.1:" + port + ": port in use",
                            failure);
                }
                if (!isBindFailure(failure) && !brokerPortTaken && !controllerPortTaken) {
                    throw new IllegalStateException(
                            "Local Kafka failed to start on data dir "
                                    + dir
                                    + ": "
                                    + failure.getMessage(),
                            failure);
                }
                LOG.debug(
                        "Lost a port race on attempt {} (ports {}, {}); retrying on other ports",
                        attempt,
                        brokerPort,
                        controllerPort,
                        failure);
                lastBindFailure = failure;
                continue;
            }
            LocalKafka kafka =
                    new LocalKafka(server, dir, clusterId, brokerPort, controllerPort, lock);
            try {
                kafka.awaitReady();
            } catch (RuntimeException e) {
                kafka.stopServer();
                throw e;
            }
            LOG.info(
                    "Local Kafka {} ready at {} in {} ms (cluster id {}, data dir {})",
                    kafkaVersion(),
                    kafka.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    clusterId,
                    dir);
            return kafka;
        }
        throw new IllegalStateException(
                "Local Kafka could not bind free loopback ports after "
                        + MAX_START_ATTEMPTS
                        + " attempts",
                lastBindFailure);
    }

    /** The client bootstrap address, {@code "127.0.0.1:<port>"}. */
    public String bootstrapServers() {
        return LOOPBACK + ":" + port;
    }

    /** The port of the client (plaintext) listener. */
    public int port() {
        return port;
    }

    /** The port of the KRaft controller listener (internal; clients never need it). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The cluster id stored in the data directory; stable across restarts. */
    public String clusterId() {
        return clusterId;
    }

    /** The data directory (log dir and metadata log). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Shuts the broker down cleanly and waits for it: logs are flushed, ports and the
     * data-directory lock are released. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            stopServer();
        } finally {
            lock.release();
        }
        LOG.info(
                "Local Kafka at {} stopped in {} ms",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void stopServer() {
        server.shutdown();
        server.awaitShutdown();
    }

    @Override
    public String toString() {
        return "LocalKafka[" + bootstrapServers() + ", " + dataDir + "]";
    }

    /** The broker configuration used for the given directory and ports. */
    static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        // Identity and listeners: one node that is both broker and (static, single-voter)
        // controller. A static voter set lets the controller port change between restarts.
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put(
                "listeners",
                BROKER_LISTENER
                        + "://"
                        + LOOPBACK
                        + ":"
                        + brokerPort
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + LOOPBACK
                        + ":"
                        + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + LOOPBACK + ":" + brokerPort);
        p.put(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());

        // A single node: every internal topic must be satisfiable by one replica, or consumer
        // groups, transactions and Kafka Streams exactly_once_v2 never become ready.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "5");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");

        // Dev-broker defaults.
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", String.valueOf(DEFAULT_PARTITIONS));
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.streams.initial.rebalance.delay.ms", "0");
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", String.valueOf(RETENTION_BYTES_PER_PARTITION));
        p.put("log.segment.bytes", String.valueOf(128L << 20));
        // The cleaner allocates its dedupe buffer up front (128 MiB by default).
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16L << 20));
        // Sized for a laptop or a 2-core CI runner rather than a production server.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        // Faster unfencing at start (the broker waits for a heartbeat round trip).
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }

    private static Path prepareDataDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "Kafka data dir " + dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data dir " + dir, e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("Kafka data dir " + dir + " is not writable");
        }
        return dir;
    }

    /** Formats {@code dir} unless it already holds a formatted node; returns the cluster id. */
    private static String formatIfNeeded(Path dir) {
        List<String> dirs = List.of(dir.toString());
        try {
            MetaPropertiesEnsemble existing =
                    new MetaPropertiesEnsemble.Loader().addLogDirs(dirs).load();
            if (!existing.logDirProps().isEmpty()) {
                String id =
                        existing.clusterId()
                                .orElseThrow(
                                        () ->
                                                new IllegalStateException(
                                                        "Kafka data dir "
                                                                + dir
                                                                + " has meta.properties without a"
                                                                + " cluster id"));
                LOG.debug("Kafka data dir {} already formatted (cluster id {})", dir, id);
                return id;
            }
            String clusterId = Uuid.randomUuid().toString();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new Formatter()
                    .setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8))
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(dirs)
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
            LOG.debug("{}", out.toString(StandardCharsets.UTF_8).strip());
            return clusterId;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or format Kafka data dir " + dir, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot format Kafka data dir " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Broker and controller ports. Free ports are found by binding port 0 on loopback; a process
     * may take one before the broker binds it, in which case {@link #start} retries.
     */
    private static int[] choosePorts(int brokerPort) {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return new int[] {brokerPort != 0 ? brokerPort : a.getLocalPort(), b.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free loopback port", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts the server; on failure shuts it down and returns the failure.
     *
     * <p>A failing KRaft controller start (a taken controller port, a damaged metadata log) reaches
     * Kafka's {@code ProcessTerminatingFaultHandler}, which halts the JVM: the test run or the
     * application would die with exit code 1. While starting, halt and exit are turned into an
     * exception instead, so the start fails (or is retried) and the process keeps running. Kafka's
     * {@code Exit} procedures are JVM-global, so starts are serialized.
     */
    private static RuntimeException startOrShutDown(KafkaRaftServer server) {
        synchronized (START_LOCK) {
            Exit.Procedure refuse =
                    (code, message) -> {
                        throw new FatalStartupFault(code, message);
                    };
            Exit.setHaltProcedure(refuse);
            Exit.setExitProcedure(refuse);
            try {
                server.startup();
                return null;
            } catch (RuntimeException e) {
                shutDownQuietly(server);
                return e;
            } finally {
                Exit.resetHaltProcedure();
                Exit.resetExitProcedure();
            }
        }
    }

    /** Thrown instead of halting the JVM when Kafka's fault handler gives up during a start. */
    static final class FatalStartupFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FatalStartupFault(int code, String message) {
            super(
                    "Kafka's fault handler stopped the start (status "
                            + code
                            + (message == null ? "" : ", " + message)
                            + "); the cause is in the broker's ERROR log above");
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void shutDownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debug("Ignoring failure while shutting down a broker that failed to start", e);
        }
    }

    private void awaitReady() {
        Map<String, Object> config =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers(),
                        AdminClientConfig.CLIENT_ID_CONFIG,
                        "plimsoll-local-kafka-readiness");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    DescribeClusterResult cluster = admin.describeCluster();
                    Collection<Node> nodes = cluster.nodes().get(5, TimeUnit.SECONDS);
                    String id = cluster.clusterId().get(5, TimeUnit.SECONDS);
                    if (!nodes.isEmpty() && clusterId.equals(id)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Local Kafka not ready yet", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Local Kafka at "
                                    + bootstrapServers()
                                    + " did not answer within "
                                    + READY_TIMEOUT.toSeconds()
                                    + " s");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for local Kafka", e);
        }
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }
}
