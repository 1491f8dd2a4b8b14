package dev.plimsoll.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.graceful.GracefulShutdownManager;
import io.micronaut.runtime.server.EmbeddedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running Plimsoll process: its engines (local or external) and the Micronaut context that runs
 * the chosen roles. {@link #close()} stops in the safe order — the HTTP server and the role beans
 * first (ingest stops accepting, the ClickHouse sink flushes, Kafka Streams closes), then the local
 * engines.
 */
public final class PlimsollApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlimsollApp.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final AppSettings settings;
    private final EmbeddedEngines engines;
    private final ApplicationContext context;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PlimsollApp(AppSettings settings, EmbeddedEngines engines, ApplicationContext context) {
        this.settings = settings;
        this.engines = engines;
        this.context = context;
    }

    /** Starts engines and roles; prints progress and a summary to {@code out}. */
    public static PlimsollApp start(AppSettings settings, PrintStream out) {
        long t0 = System.nanoTime();
        EmbeddedEngines engines = EmbeddedEngines.start(settings, line -> out.println("  " + line));
        ApplicationContext context;
        try {
            // Not Micronaut.start(): it blocks the caller and registers its own shutdown hook,
            // while we need an in-process handle and a fixed shutdown order.
            context =
                    ApplicationContext.builder()
                            .mainClass(PlimsollMain.class)
                            .banner(false)
                            .deduceEnvironment(false)
                            .properties(micronautProperties(settings, engines))
                            .start();
        } catch (RuntimeException e) {
            engines.close();
            throw e;
        }
        try {
            context.getBean(EmbeddedServer.class).start();
        } catch (RuntimeException e) {
            context.close();
            engines.close();
            throw e;
        }
        PlimsollApp app = new PlimsollApp(settings, engines, context);
        out.println(StartupSummary.render(app, (System.nanoTime() - t0) / 1e9));
        return app;
    }

    static Map<String, Object> micronautProperties(AppSettings settings, EmbeddedEngines engines) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("micronaut.application.name", "plimsoll");
        props.put("micronaut.server.host", settings.host());
        props.put("micronaut.server.port", settings.port());
        props.put("plimsoll.roles", Role.idsOf(settings.roles()));
        for (Role role : Role.values()) {
            props.put(role.enabledProperty(), settings.roles().contains(role));
        }
        // The ClickHouse read side (metrics-read) serves every role that reads metrics.
        props.put("plimsoll.read.enabled", Role.readsMetrics(settings.roles()));
        props.put("plimsoll.kafka.bootstrap-servers", engines.kafkaBootstrap());
        props.put("plimsoll.clickhouse.url", engines.clickHouseUrl());
        props.put("plimsoll.embedded", settings.embedded());
        props.put("plimsoll.data-dir", settings.dataDir().toString());
        props.putAll(settings.properties());
        return props;
    }

    public AppSettings settings() {
        return settings;
    }

    public ApplicationContext context() {
        return context;
    }

    /** The HTTP port actually bound (useful when the settings asked for port 0). */
    public int port() {
        return context.getBean(EmbeddedServer.class).getPort();
    }

    public URI baseUri() {
        return URI.create("http://" + settings.host() + ":" + port());
    }

    public String kafkaBootstrap() {
        return engines.kafkaBootstrap();
    }

    public String clickHouseUrl() {
        return engines.clickHouseUrl();
    }

    /**
     * Stops accepting connections and waits (bounded) for requests in flight, so that no request
     * meets a role whose beans are already closed: an ingest request either completes (202 after
     * Kafka acknowledged it) or is refused before it starts.
     */
    private void drainRequests() {
        context.findBean(GracefulShutdownManager.class)
                .ifPresent(
                        manager -> {
                            try {
                                manager.shutdownGracefully()
                                        .toCompletableFuture()
                                        .get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (ExecutionException | TimeoutException e) {
                                LOG.warn(
                                        "requests still in flight after {}: stopping",
                                        DRAIN_TIMEOUT);
                            }
                        });
    }

    EmbeddedEngines engines() {
        return engines;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            drainRequests();
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            if (server.isRunning()) {
                server.stop();
            }
            if (context.isRunning()) {
                context.close();
            }
        } finally {
            engines.close();
        }
    }
}
