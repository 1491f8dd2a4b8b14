package dev.plimsoll.benchmarks.load;

import dev.plimsoll.core.telemetry.Idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /api/v1/ingest/requests} with an NDJSON body per batch, through the JDK {@link
 * HttpClient} (HTTP/1.1, one kept-alive connection per concurrent request). Not the project's
 * {@code IngestClient}: that one buffers events behind a single sender thread and drops them when
 * its buffer is full, which suits a service but cannot hold a chosen number of requests in flight,
 * and it does not expose each request's round trip.
 *
 * <p>Like {@code IngestClient}, each batch carries an {@code Idempotency-Key} of its own (unless
 * turned off), and a 503, 429, 502 or 504 or a broken connection is retried with the same key after
 * {@code Retry-After} (or a growing pause) for up to two minutes; the batch then counts once.
 * Without keys such a batch may count twice, which the exactness check then allows for. Any other
 * answer but 202 stops the run.
 */
final class HttpIngestSender implements BatchSender {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RETRY_FOR = Duration.ofMinutes(2);

    private final URI endpoint;
    private final Optional<String> apiKey;
    private final byte[][] bodies;
    private final String[] keys;
    private final HttpClient http;

    /**
     * @param idempotencyKeys whether each batch carries an {@code Idempotency-Key} (a random UUID,
     *     the same on its retries)
     */
    HttpIngestSender(URI base, Optional<String> apiKey, byte[][] bodies, boolean idempotencyKeys) {
        this.endpoint = base.resolve("/api/v1/ingest/requests");
        this.apiKey = apiKey;
        this.bodies = bodies;
        this.keys = new String[bodies.length];
        if (idempotencyKeys) {
            for (int b = 0; b < keys.length; b++) {
                keys[b] = java.util.UUID.randomUUID().toString();
            }
        }
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
    }

    @Override
    public String name() {
        return "HTTP ingest (NDJSON)";
    }

    /** Whether retried batches count once (they carry keys). */
    boolean idempotent() {
        return keys.length == 0 || keys[0] != null;
    }

    @Override
    public Outcome send(int batch) throws Exception {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/x-ndjson")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[batch]));
        apiKey.ifPresent(k -> builder.header("X-API-Key", k));
        if (keys[batch] != null) {
            builder.header(Idempotency.HTTP_HEADER, keys[batch]);
        }
        HttpRequest request = builder.build();
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        int failed = 0;
        long pauseMs = 200;
        while (true) {
            String problem;
            long waitMs = pauseMs;
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = r.statusCode();
                if (status == 202) {
                    return outcome(r.body(), failed);
                }
                if (status != 503 && status != 429 && status != 502 && status != 504) {
                    throw new IOException(
                            "POST "
                                    + endpoint
                                    + " answered "
                                    + status
                                    + ": "
                                    + r.body()
                                    + (status == 401 || status == 403
                                            ? " (give a key with scopes ingest and read:"
                                                    + " --api-key)"
                                            : "")
                                    + (status == 413 ? " (use a smaller --batch-size)" : ""));
                }
                problem = status + " " + r.body();
                waitMs =
                        r.headers()
                                .firstValue("Retry-After")
                                .map(HttpIngestSender::seconds)
                                .map(s -> s * 1000)
                                .orElse(pauseMs);
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("POST ")) {
                    throw e;
                }
                problem = e.toString();
            }
            failed++;
            if (System.nanoTime() + waitMs * 1_000_000 > deadline) {
                throw new IOException(
                        "batch " + batch + " still failing after " + RETRY_FOR + ": " + problem);
            }
            Thread.sleep(waitMs);
            pauseMs = Math.min(pauseMs * 2, 5_000);
        }
    }

    private static Outcome outcome(String body, int failed) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode rejected = root.path("rejected");
        int[] indexes = new int[rejected.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = rejected.get(i).path("index").asInt();
        }
        return new Outcome(root.path("accepted").asInt(), indexes, failed);
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public void close() {
        // The JDK client closes its connections when it is collected (close() is Java 21+).
    }
}
