package dev.plimsoll.cost;

import dev.plimsoll.cost.kafka.KafkaInputs;
import dev.plimsoll.cost.sink.ClickHouseCostSink;
import dev.plimsoll.cost.sink.CostTables;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the cost job on an embedded Flink MiniCluster, in this JVM: what the app's {@code cost} role
 * does. {@link #start()} applies the tables' TTLs, restores from the newest completed checkpoint in
 * {@code checkpointDir} (a restart resumes where the previous run stopped; without one the job
 * reads its topics from the beginning), and submits the job. {@link #close} cancels it; its
 * checkpoints are kept for the next start. The same job runs on a Flink session cluster from the
 * job jar ({@link CostJobMain}).
 */
public final class CostService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CostService.class);

    /**
     * Where the embedded job reads, writes and keeps its checkpoints.
     *
     * @param bootstrapServers Kafka
     * @param jdbcUrl ClickHouse, including the database
     * @param checkpointDir a directory of this machine for checkpoints (created when missing)
     * @param parallelism subtasks per operator (slots of the MiniCluster)
     * @param checkpointInterval how often state and Kafka positions are checkpointed; also how much
     *     input a crash replays at most
     * @param applyTtl whether to set the tables' TTLs from the settings at start
     * @param job what the job computes
     */
    public record Options(
            String bootstrapServers,
            String jdbcUrl,
            Path checkpointDir,
            int parallelism,
            Duration checkpointInterval,
            boolean applyTtl,
            CostJobSettings job) {

        public Options {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(checkpointDir, "checkpointDir");
            Objects.requireNonNull(checkpointInterval, "checkpointInterval");
            Objects.requireNonNull(job, "job");
            if (parallelism < 1 || parallelism > 64) {
                throw new IllegalArgumentException(
                        "plimsoll.cost.parallelism must be between 1 and 64, was " + parallelism);
            }
            if (checkpointInterval.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException(
                        "plimsoll.cost.checkpoint-interval must be at least 100ms, was "
                                + checkpointInterval);
            }
        }
    }

    private final Options options;
    private JobClient job;
    private Path restoredFrom;

    public CostService(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Applies TTLs, restores the newest checkpoint if any, and submits the job. */
    public synchronized void start() {
        if (job != null) {
            throw new IllegalStateException("the cost job is already started");
        }
        CostJobSettings s = options.job();
        if (options.applyTtl()) {
            try (CostTables tables = CostTables.connect(options.jdbcUrl(), new Properties())) {
                tables.applyTtl(s.hourRetention(), s.dayRetention());
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "cannot reach the cost tables in ClickHouse: " + e.getMessage(), e);
            }
        }
        try {
            Files.createDirectories(options.checkpointDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Configuration conf =
                CostJob.configuration(
                        options.checkpointInterval(),
                        options.checkpointDir().toUri().toString(),
                        50);
        // the embedded cluster's REST endpoint: loopback, a free port (never Flink's 8081)
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        restoredFrom = latestCheckpoint(options.checkpointDir()).orElse(null);
        if (restoredFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoredFrom.toString());
            deleteOtherRuns(options.checkpointDir(), restoredFrom.getParent());
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
        try {
            job =
                    new CostJob(
                                    KafkaInputs.costs(options.bootstrapServers(), s, Map.of()),
                                    KafkaInputs.requests(options.bootstrapServers(), s, Map.of()),
                                    ClickHouseCostSink.to(options.jdbcUrl()),
                                    s)
                            .executeAsync(env);
        } catch (Exception e) {
            throw new IllegalStateException("the cost job did not start: " + e.getMessage(), e);
        }
        LOG.info(
                "Cost job {} started on an embedded Flink cluster (parallelism {}), {}",
                job.getJobID(),
                options.parallelism(),
                restoredFrom == null
                        ? "from the beginning of its topics"
                        : "restored from " + restoredFrom);
    }

    /** The checkpoint the job was restored from, if any. */
    public Optional<Path> restoredFrom() {
        return Optional.ofNullable(restoredFrom);
    }

    /** The job's status, or empty before start. */
    public Optional<JobStatus> status() {
        JobClient j;
        synchronized (this) {
            j = job;
        }
        if (j == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(j.getJobStatus().get(5, TimeUnit.SECONDS));
        } catch (Exception e) {
            return Optional.of(JobStatus.FAILED);
        }
    }

    /**
     * The newest completed checkpoint under {@code dir}: a {@code <job id>/chk-<n>} directory with
     * its {@code _metadata} file (written last, so a checkpoint interrupted by a crash has none).
     */
    public static Optional<Path> latestCheckpoint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(dir)) {
            return runs.filter(Files::isDirectory)
                    .flatMap(CostService::checkpointsOf)
                    .filter(chk -> Files.isRegularFile(chk.resolve("_metadata")))
                    .max(
                            Comparator.comparingLong(CostService::modified)
                                    .thenComparingLong(CostService::number));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> checkpointsOf(Path run) {
        try (Stream<Path> s = Files.list(run)) {
            return s.filter(p -> p.getFileName().toString().matches("chk-\\d+")).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static long modified(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long number(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring(4));
    }

    /** Older runs' checkpoints are of no use once a newer one exists. */
    private static void deleteOtherRuns(Path dir, Path keep) {
        try (Stream<Path> runs = Files.list(dir)) {
            for (Path run : runs.filter(p -> !p.equals(keep) && Files.isDirectory(p)).toList()) {
                try (Stream<Path> tree = Files.walk(run)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not delete old cost-job checkpoints under {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Cancels the job (its checkpoints stay for the next start) and waits up to {@code timeout}.
     */
    public synchronized void close(Duration timeout) {
        if (job == null) {
            return;
        }
        try {
            job.cancel().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Cost job {} stopped", job.getJobID());
        } catch (Exception e) {
            LOG.warn("Cancelling the cost job did not complete: {}", e.toString());
        } finally {
            job = null;
        }
    }
}
