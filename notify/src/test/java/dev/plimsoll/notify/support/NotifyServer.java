package dev.plimsoll.notify.support;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;
import dev.plimsoll.core.security.ApiKeyGenerator;
import dev.plimsoll.infra.kafka.KafkaTopics;
import dev.plimsoll.infra.testing.PlimsollServices;
import dev.plimsoll.notify.kafka.NotifyTopics;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Plimsoll process with the {@code notify} and {@code api} roles on the shared test Kafka, with
 * topics of its own (so that several can share the broker), loopback allow-listed, short backoffs.
 * {@link #shared()} is started once per test JVM.
 */
public final class NotifyServer implements AutoCloseable {

    public static final String ADMIN = "plk_test-admin-0123456789abcdefghijklmnopqrs";
    public static final String READER = "plk_test-reader-0123456789abcdefghijklmnopqr";
    public static final String FILE_CP_TOKEN = "file-secret-token-4711";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static NotifyServer shared;

    private final String suffix;
    private final NotifyTopics.Names topics;
    private final String bootstrap;
    private final ApplicationContext context;
    private final KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Receiver fileReceiver;

    private NotifyServer(Map<String, Object> extra) {
        this.suffix = ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        this.topics =
                new NotifyTopics.Names(
                        "alerts.events.t" + suffix,
                        "notify.outbox.t" + suffix,
                        "notify.deliveries.t" + suffix,
                        "notify.contact-points.t" + suffix);
        this.bootstrap = PlimsollServices.kafka().bootstrapServers();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            KafkaTopics.createAndAwait(
                    admin,
                    topics.newTopics(3, Optional.empty(), Duration.ofDays(7)),
                    Duration.ofSeconds(60));
        }
        this.fileReceiver = new Receiver();
        Path dir;
        Path file;
        try {
            dir = Files.createTempDirectory("notify-server-");
            file = dir.resolve("contact-points.yml");
            Files.writeString(
                    file,
                    "contactPoints:\n"
                            + "  - name: from-file\n"
                            + "    type: webhook\n"
                            + "    url: "
                            + fileReceiver.url("/hook/" + FILE_CP_TOKEN)
                            + "\n"
                            + "    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> p = new LinkedHashMap<>(properties(suffix, topics, bootstrap, dir));
        p.put("plimsoll.notify.contact-points-file", file.toString());
        p.putAll(extra);
        this.context = ApplicationContext.builder().properties(p).start();
        context.getBean(EmbeddedServer.class).start();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
    }

    /** The Micronaut properties of a test server (also used for child processes). */
    public static Map<String, Object> properties(
            String suffix, NotifyTopics.Names topics, String bootstrap, Path dataDir) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("micronaut.server.port", -1);
        p.put("plimsoll.notify.enabled", true);
        p.put("plimsoll.api.enabled", true);
        p.put("plimsoll.kafka.bootstrap-servers", bootstrap);
        p.put("plimsoll.data-dir", dataDir.toString());
        p.put("plimsoll.public-url", "https://plimsoll.example");
        p.put("plimsoll.notify.topics.events", topics.events());
        p.put("plimsoll.notify.topics.outbox", topics.outbox());
        p.put("plimsoll.notify.topics.deliveries", topics.deliveries());
        p.put("plimsoll.notify.topics.contact-points", topics.contactPoints());
        p.put("plimsoll.notify.application-id", "notify-test-" + suffix);
        p.put("plimsoll.notify.sender-group-id", "notify-sender-test-" + suffix);
        p.put("plimsoll.notify.allow-hosts", "127.0.0.1/32");
        p.put("plimsoll.notify.tick", "100ms");
        p.put("plimsoll.notify.session-timeout", "6s");
        p.put("plimsoll.notify.delivery.initial-backoff", "100ms");
        p.put("plimsoll.notify.delivery.max-backoff", "300ms");
        p.put("plimsoll.notify.delivery.jitter", "0");
        p.put("plimsoll.notify.delivery.max-attempts", 4);
        p.put("plimsoll.notify.delivery.request-timeout", "5s");
        p.put("endpoints.health.details-visible", "ANONYMOUS");
        p.put("plimsoll.security.mode", "keys");
        p.put(
                "plimsoll.security.keys",
                ApiKeyGenerator.configEntry("admin", ADMIN, "admin", null)
                        + ";"
                        + ApiKeyGenerator.configEntry("reader", READER, "read", null));
        return p;
    }

    /** The server shared by the test classes of this JVM. */
    public static synchronized NotifyServer shared() {
        if (shared == null) {
            shared = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A server of its own (close it). */
    public static NotifyServer start(Map<String, Object> extra) {
        return new NotifyServer(extra);
    }

    public NotifyTopics.Names topics() {
        return topics;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public ApplicationContext context() {
        return context;
    }

    public Receiver fileReceiver() {
        return fileReceiver;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort());
    }

    /** Publishes alert events as the evaluator does (keyed by fingerprint), acknowledged. */
    public void publish(AlertEvent... events) {
        for (AlertEvent e : events) {
            try {
                producer.send(
                                new ProducerRecord<>(
                                        topics.events(),
                                        e.fingerprint(),
                                        AlertEventCodec.encode(e)))
                        .get();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    /** One API call; {@code key} may be null. */
    public HttpResponse<String> call(String method, String path, String body, String key) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a contact point through the API as admin; fails the test unless 201. */
    public void createContactPoint(String json) {
        HttpResponse<String> r = call("POST", "/api/v1/contact-points", json, ADMIN);
        if (r.statusCode() != 201) {
            throw new AssertionError(
                    "contact point not created: " + r.statusCode() + " " + r.body());
        }
    }

    @Override
    public void close() {
        producer.close();
        context.close();
        fileReceiver.close();
    }
}
