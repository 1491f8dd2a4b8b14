package dev.plimsoll.ingest.kafka;

import dev.plimsoll.ingest.IngestConfig;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.AsyncSingleResultPublisher;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.reactivestreams.Publisher;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: the ingest role is ready when Kafka answers a {@code describeCluster} within {@code
 * plimsoll.ingest.kafka-health-timeout}. Not a liveness check: an outage must not get the process
 * restarted, it answers 503 meanwhile. A result is reused for {@code kafka-health-cache}, so
 * frequent probes cost at most one cluster round trip per period (and an outage may show that much
 * later). Details: the bootstrap servers, cluster id and broker count, or the reason (never a stack
 * trace).
 */
@Singleton
@Readiness
@Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
@Requires(property = "endpoints.health.enabled", notEquals = "false")
public final class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {

    static final String NAME = "kafka";

    private final String bootstrapServers;
    private final Duration timeout;
    private final long cacheNanos;
    private final ExecutorService executor;
    private Admin admin;
    private HealthResult last;
    private long lastAt;

    public KafkaHealthIndicator(
            IngestConfig config,
            @Value("${plimsoll.kafka.bootstrap-servers:127.0.0.1:9092}") String bootstrapServers,
            @Named(TaskExecutors.IO) ExecutorService executor) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = config.kafkaHealthTimeout();
        this.cacheNanos = config.kafkaHealthCache().toNanos();
        this.executor = executor;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return new AsyncSingleResultPublisher<>(executor, this::check);
    }

    /** Concurrent probes wait for one check instead of each asking the cluster. */
    synchronized HealthResult check() {
        if (last == null || System.nanoTime() - lastAt >= cacheNanos) {
            last = probe();
            lastAt = System.nanoTime();
        }
        return last;
    }

    private HealthResult probe() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bootstrapServers", bootstrapServers);
        try {
            DescribeClusterResult cluster =
                    admin().describeCluster(
                                    new DescribeClusterOptions()
                                            .timeoutMs((int) timeout.toMillis()));
            // The admin call times out by itself; the extra second only guards against a hang.
            long waitMillis = timeout.toMillis() + 1000;
            String clusterId = cluster.clusterId().get(waitMillis, TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(waitMillis, TimeUnit.MILLISECONDS).size();
            details.put("clusterId", clusterId);
            details.put("brokers", brokers);
            return HealthResult.builder(NAME, HealthStatus.UP).details(details).build();
        } catch (ExecutionException e) {
            details.put("error", reason(e.getCause()));
        } catch (TimeoutException e) {
            details.put("error", reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details.put("error", "interrupted while waiting for Kafka");
        } catch (RuntimeException e) { // e.g. an unusable bootstrap address
            details.put("error", reason(e));
        }
        return HealthResult.builder(NAME, HealthStatus.DOWN).details(details).build();
    }

    private String reason(Throwable e) {
        return "Kafka did not answer describeCluster: "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + " (timeout "
                + timeout.toMillis()
                + " ms)";
    }

    /** Created on the first probe: a process nobody probes opens no extra connection. */
    private Admin admin() {
        if (admin == null) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "plimsoll-ingest-health");
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            // A dead broker must not be hammered between probes.
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
            admin = Admin.create(p);
        }
        return admin;
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
