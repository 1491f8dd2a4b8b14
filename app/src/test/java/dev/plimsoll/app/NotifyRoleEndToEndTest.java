package dev.plimsoll.app;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.event.AlertTopics;
import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code notify} role in the single deployment unit: topics provisioned at start, a webhook
 * contact point created through the API of the same process, and alert state changes on {@code
 * alerts.events.v1} (published here as the evaluator of the {@code alerts} role publishes them)
 * reach a local receiver as one signed {@code firing} and then one {@code resolved}.
 */
@ExtendWith(PlimsollServicesExtension.class)
class NotifyRoleEndToEndTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    record Received(Map<String, String> headers, String body) {}

    @Test
    void aFiringAndItsResolutionReachALocalReceiverSigned(
            KafkaService kafka, ClickHouseService clickHouse, @TempDir Path dir) throws Exception {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        HttpServer receiver =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext(
                "/",
                ex -> {
                    Map<String, String> h = new java.util.HashMap<>();
                    ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
                    received.add(
                            new Received(
                                    h,
                                    new String(
                                            ex.getRequestBody().readAllBytes(),
                                            StandardCharsets.UTF_8)));
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
        receiver.start();
        AppSettings settings =
                PlimsollAppTest.external(
                                dir,
                                kafka.bootstrapServers(),
                                clickHouse.createDatabase("app_notify"),
                                EnumSet.allOf(Role.class))
                        .withProperties(
                                Map.of(
                                        "plimsoll.security.mode",
                                        "open",
                                        "plimsoll.notify.allow-hosts",
                                        "127.0.0.1/32",
                                        TopicProvisioning.PARTITIONS,
                                        "3"));
        try (PlimsollApp app = PlimsollApp.start(settings, QUIET);
                KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
            String cp =
                    "{\"name\":\"e2e-hook\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:"
                            + receiver.getAddress().getPort()
                            + "/plimsoll\",\"secret\":\""
                            + SECRET
                            + "\"}";
            HttpResponse<String> created =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    app.baseUri().resolve("/api/v1/contact-points"))
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(cp))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            Instant t0 = Instant.now().minusSeconds(180);
            AlertEvent firing =
                    event(
                            "e2e-alert",
                            "e2e-alert-1",
                            AlertState.FIRING,
                            AlertState.PENDING,
                            t0,
                            null);
            AlertEvent resolved =
                    event(
                            "e2e-alert",
                            "e2e-alert-2",
                            AlertState.RESOLVED,
                            AlertState.FIRING,
                            t0,
                            t0.plusSeconds(120));
            producer.send(
                            new ProducerRecord<>(
                                    AlertTopics.EVENTS,
                                    firing.fingerprint(),
                                    AlertEventCodec.encode(firing)))
                    .get();

            Received first = received.poll(90, TimeUnit.SECONDS);
            assertThat(first).as("the firing message").isNotNull();
            assertThat(first.headers().get("webhook-id")).isEqualTo("e2e-alert-1");
            assertThat(signatureValid(first)).isTrue();
            assertThat(first.body())
                    .contains("\"status\":\"firing\"")
                    .contains("\"value\":\"312.4\"");

            producer.send(
                            new ProducerRecord<>(
                                    AlertTopics.EVENTS,
                                    resolved.fingerprint(),
                                    AlertEventCodec.encode(resolved)))
                    .get();
            Received second = received.poll(90, TimeUnit.SECONDS);
            assertThat(second).as("the resolved message").isNotNull();
            assertThat(second.headers().get("webhook-id")).isEqualTo("e2e-alert-2");
            assertThat(signatureValid(second)).isTrue();
            assertThat(second.body()).contains("\"status\":\"resolved\"");
            assertThat(received.poll(2, TimeUnit.SECONDS)).as("nothing more").isNull();
            String metrics =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(app.baseUri().resolve("/prometheus"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertThat(metrics)
                    .contains(
                            "plimsoll_notify_deliveries_total{status=\"delivered\",type=\"webhook\"}"
                                + " 2.0")
                    .contains(
                            "plimsoll_notify_attempts_total{outcome=\"delivered\",type=\"webhook\"}"
                                    + " 2.0")
                    .contains("plimsoll_notify_in_flight 0.0");
        } finally {
            receiver.stop(0);
        }
    }

    private static AlertEvent event(
            String alertId,
            String eventId,
            AlertState state,
            AlertState previous,
            Instant startsAt,
            Instant endsAt) {
        return new AlertEvent(
                eventId,
                alertId,
                "checkout-p95",
                "checkout-p95",
                "fp-e2e",
                state,
                previous,
                endsAt == null ? startsAt.plusSeconds(120) : endsAt,
                startsAt,
                endsAt,
                Map.of("service", "checkout"),
                Map.of(),
                "latency.p95",
                "checkout",
                "threshold",
                new BigDecimal("312.4"),
                "ms",
                new BigDecimal("300"),
                null,
                new BigDecimal("0.01"),
                new BigDecimal("-4.13"),
                List.of(),
                List.of("e2e-hook"),
                "checkout latency.p95 above 300 ms");
    }

    /** The receiver's own Standard Webhooks check (HMAC-SHA256 over id.timestamp.body). */
    private static boolean signatureValid(Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
        String content =
                r.headers().get("webhook-id")
                        + "."
                        + r.headers().get("webhook-timestamp")
                        + "."
                        + r.body();
        String expected =
                "v1,"
                        + Base64.getEncoder()
                                .encodeToString(
                                        mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        return new ArrayList<>(List.of(r.headers().get("webhook-signature").split(" ")))
                .contains(expected);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
