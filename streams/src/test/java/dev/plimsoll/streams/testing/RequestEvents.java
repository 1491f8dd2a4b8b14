package dev.plimsoll.streams.testing;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;

/**
 * A seeded stream of request events and the rows they must produce, computed by brute force
 * (independently of the topology).
 */
public final class RequestEvents {

    public static final long MINUTE_MICROS = 60_000_000L;
    private static final String[] SERVICES = {"checkout", "search", "profile", "billing"};
    private static final String[] OPERATIONS = {"GET /a", "GET /b/{id}", "POST /c", "PUT /d"};
    private static final RequestEventCodec CODEC = RequestEventCodec.create();

    private RequestEvents() {}

    /**
     * {@code n} events over {@code span} from {@code start}, in time order with up to ±20 s of
     * disorder (well within a 2-minute grace). 1 % run 1 to 150 s, spanning minutes.
     */
    public static List<RequestEvent> generate(int n, Instant start, Duration span, long seed) {
        Random random = new Random(seed);
        long startMicros = start.toEpochMilli() * 1000;
        long spanMicros = span.toMillis() * 1000;
        List<RequestEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long nominal = startMicros + spanMicros * i / n;
            long jitter = (long) ((random.nextDouble() * 2 - 1) * 20_000_000);
            long at = Math.max(startMicros, nominal + jitter);
            double duration =
                    random.nextInt(100) == 0
                            ? 1_000 + random.nextInt(149_000)
                            : Math.round(
                                            Math.exp(Math.log(30) + 0.8 * random.nextGaussian())
                                                    * 1000)
                                    / 1000.0;
            int t = random.nextInt(10);
            String tenant = t < 5 ? null : t < 8 ? "acme" : "globex";
            boolean error = random.nextInt(50) == 0;
            events.add(
                    new RequestEvent(
                            SERVICES[random.nextInt(SERVICES.length)],
                            OPERATIONS[random.nextInt(OPERATIONS.length)],
                            at,
                            duration,
                            error ? 503 : 200,
                            error,
                            "u" + random.nextInt(5_000),
                            tenant));
        }
        return events;
    }

    /** Sends events keyed by service, waiting for every ack. */
    public static void produce(String bootstrap, String topic, List<RequestEvent> events) {
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            List<Future<?>> acks = new ArrayList<>(events.size());
            for (RequestEvent e : events) {
                acks.add(producer.send(new ProducerRecord<>(topic, e.service(), CODEC.encode(e))));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing events failed", e);
        }
    }

    /** One event per partition far in the future, so that every task's stream time passes. */
    public static void produceSentinels(
            String bootstrap, String topic, int partitions, Instant at, String service) {
        RequestEvent e =
                new RequestEvent(
                        service, "end", at.toEpochMilli() * 1000, 1, 200, false, null, null);
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap)) {
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic, p, service, CODEC.encode(e))).get();
            }
        } catch (Exception ex) {
            throw new IllegalStateException("producing sentinels failed", ex);
        }
    }

    /**
     * Expected {@code count} per row {@code tenant|service|operation|minuteEpochSecond}, including
     * the 0-count rows of minutes that only see requests still in flight from earlier minutes.
     */
    public static Map<String, Long> expectedCounts(List<RequestEvent> events) {
        Map<String, Long> expected = new HashMap<>();
        for (RequestEvent e : events) {
            long window = Math.floorDiv(e.startMicros(), MINUTE_MICROS) * MINUTE_MICROS;
            String tenant = e.tenant() == null ? "" : e.tenant();
            List<String> keys = new ArrayList<>();
            keys.add("|" + e.service() + "|" + e.operation());
            keys.add("|" + e.service() + "|");
            if (!tenant.isEmpty()) {
                keys.add(tenant + "|" + e.service() + "|" + e.operation());
                keys.add(tenant + "|" + e.service() + "|");
            }
            for (String k : keys) {
                expected.merge(k + "|" + window / 1_000_000, 1L, Long::sum);
                for (long w = window + MINUTE_MICROS; w < e.endMicros(); w += MINUTE_MICROS) {
                    expected.merge(k + "|" + w / 1_000_000, 0L, Long::sum);
                }
            }
        }
        return expected;
    }
}
