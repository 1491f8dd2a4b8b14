package dev.plimsoll.ingest.client;

import dev.plimsoll.core.telemetry.Idempotency;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ships request events from a service to Plimsoll's ingest endpoint ({@code POST
 * /api/v1/ingest/requests}, NDJSON).
 *
 * <p>{@link #offer} never blocks the caller: events go to a bounded buffer and a background thread
 * sends them in batches, every {@code flushInterval} or as soon as a batch is full. A 503, 429,
 * 502, 504 or a connection error is retried with exponential backoff (honouring {@code
 * Retry-After}) up to {@code maxRetryDuration}; every batch carries its own {@code Idempotency-Key}
 * (a random UUID), the same on each of its retries, so a retried batch is counted once even when
 * part of it had reached Kafka before a 503. When the buffer is full, or a batch still fails after
 * its retries, events are dropped and counted in {@link #dropped()}: telemetry must never take the
 * service down with it. {@link #close()} sends what is buffered.
 *
 * <p>Thread-safe: {@code offer} may be called from any number of threads.
 *
 * <pre>{@code
 * try (IngestClient client =
 *         IngestClient.builder(URI.create("http://plimsoll:8080")).apiKey(key).build()) {
 *     client.offer(new RequestEvent("orders", "GET /orders/{id}", startMicros, 12.5, 200, false, userId, null));
 * }
 * }</pre>
 */
public final class IngestClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestClient.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final URI endpoint;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int batchSize;
    private final BlockingQueue<RequestEvent> buffer;
    private final RetryPolicy<HttpResponse<String>> retry;
    private final ScheduledExecutorService sender;
    private final RequestEventCodec codec = RequestEventCodec.create();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Duration closeTimeout;
    private final List<String[]> headers;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    private IngestClient(Builder b) {
        this.endpoint = b.baseUri.resolve("/api/v1/ingest/requests");
        this.http =
                b.httpClient != null
                        ? b.httpClient
                        : HttpClient.newBuilder().connectTimeout(b.requestTimeout).build();
        this.requestTimeout = b.requestTimeout;
        this.batchSize = b.batchSize;
        this.buffer = new ArrayBlockingQueue<>(b.bufferCapacity);
        this.closeTimeout = b.maxRetryDuration.plus(b.requestTimeout).plusSeconds(5);
        this.headers = List.copyOf(b.headers);
        this.retry =
                RetryPolicy.<HttpResponse<String>>builder()
                        .handle(IOException.class)
                        .handleResultIf(r -> isRetryable(r.statusCode()))
                        .withBackoff(b.initialBackoff, b.maxBackoff)
                        .withJitter(0.2)
                        .withDelayFn(ctx -> retryAfter(ctx.getLastResult(), b.maxBackoff))
                        .withMaxRetries(-1)
                        .withMaxDuration(b.maxRetryDuration)
                        .onRetry(e -> retries.incrementAndGet())
                        .build();
        this.sender =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "plimsoll-ingest-client");
                            t.setDaemon(true);
                            return t;
                        });
        long interval = b.flushInterval.toMillis();
        sender.scheduleWithFixedDelay(this::drainSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * A builder for a client of the Plimsoll server at {@code baseUri}, e.g. {@code
     * http://plimsoll:8080}.
     */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /**
     * Buffers one event for sending. Never blocks.
     *
     * @return {@code false} when the event was dropped (buffer full or client closed)
     */
    public boolean offer(RequestEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed.get() || !buffer.offer(event)) {
            dropped.incrementAndGet();
            return false;
        }
        if (buffer.size() >= batchSize && flushQueued.compareAndSet(false, true)) {
            try {
                sender.execute(this::drainSafely);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushQueued.set(false); // closing: close() drains
            }
        }
        return true;
    }

    /** Sends everything buffered so far and waits until it is delivered or dropped. */
    public void flush() {
        Future<?> done = sender.submit(this::drainSafely);
        try {
            done.get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("Plimsoll ingest client: flush did not complete: {}", e.toString());
        }
    }

    /** Events acknowledged by the server (and so by Kafka). */
    public long sent() {
        return sent.get();
    }

    /** Events the server rejected as invalid (they went to its dead-letter topic). */
    public long rejected() {
        return rejected.get();
    }

    /** Events dropped: buffer full, client closed, or still failing after all retries. */
    public long dropped() {
        return dropped.get();
    }

    /** Retries made so far (503s, connection errors, ...). */
    public long retries() {
        return retries.get();
    }

    /** Events waiting in the buffer. */
    public int buffered() {
        return buffer.size();
    }

    /**
     * Stops accepting events, sends what is buffered (with retries), and stops the sender thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        flush();
        sender.shutdown();
        try {
            if (!sender.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
        int left = buffer.size();
        if (left > 0) {
            buffer.clear();
            dropped.addAndGet(left);
        }
    }

    private void drainSafely() {
        flushQueued.set(false);
        try {
            List<RequestEvent> batch = new ArrayList<>(batchSize);
            while (buffer.drainTo(batch, batchSize) > 0) {
                send(batch);
                batch.clear();
            }
        } catch (RuntimeException e) { // never let the scheduled task die
            LOG.warn("Plimsoll ingest client: unexpected error while sending", e);
        }
    }

    private void send(List<RequestEvent> batch) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(batch.size() * 200);
        for (RequestEvent e : batch) {
            body.writeBytes(codec.encode(e));
            body.write('\n');
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(endpoint)
                        .timeout(requestTimeout)
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        for (String[] h : headers) {
            request.header(h[0], h[1]);
        }
        // one key per batch, the same on every retry of it: the batch counts once (its records
        // that reached Kafka before a 503 are recognised when they come again)
        request.setHeader(Idempotency.HTTP_HEADER, UUID.randomUUID().toString());
        HttpRequest built = request.build();
        HttpResponse<String> response;
        try {
            response =
                    Failsafe.with(retry)
                            .get(() -> http.send(built, HttpResponse.BodyHandlers.ofString()));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            drop(batch.size(), "no answer after retries: " + e.getCause());
            return;
        }
        int status = response.statusCode();
        if (status == 202) {
            countAccepted(response.body(), batch.size());
        } else {
            drop(batch.size(), "HTTP " + status + ": " + response.body());
        }
    }

    private void countAccepted(String body, int size) {
        long accepted = size;
        long invalid = 0;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("accepted") && v == JsonToken.VALUE_NUMBER_INT) {
                        accepted = p.getLongValue();
                    } else if (name.equals("rejected") && v == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            p.skipChildren();
                            invalid++;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Plimsoll ingest client: unreadable 202 body: {}", e.toString());
        }
        sent.addAndGet(accepted);
        if (invalid > 0) {
            rejected.addAndGet(invalid);
            LOG.warn("Plimsoll ingest client: the server rejected {} events: {}", invalid, body);
        }
    }

    private void drop(int count, String why) {
        dropped.addAndGet(count);
        LOG.warn("Plimsoll ingest client: dropped {} events ({})", count, why);
    }

    private static boolean isRetryable(int status) {
        return status == 503 || status == 429 || status == 502 || status == 504;
    }

    /** The server's Retry-After in seconds, capped; {@code null} lets the backoff decide. */
    private static Duration retryAfter(HttpResponse<String> last, Duration cap) {
        if (last == null) {
            return null;
        }
        Optional<String> header = last.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return null;
        }
        try {
            Duration d = Duration.ofSeconds(Long.parseLong(header.get().trim()));
            return d.compareTo(cap) > 0 ? cap : d;
        } catch (NumberFormatException e) {
            return null; // an HTTP-date: fall back to the backoff
        }
    }

    /** Settings of an {@link IngestClient}; every one has a sensible default. */
    public static final class Builder {
        private final URI baseUri;
        private int batchSize = 500;
        private int bufferCapacity = 10_000;
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Duration maxRetryDuration = Duration.ofMinutes(2);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private HttpClient httpClient;
        private final List<String[]> headers = new ArrayList<>();

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        /** Events per request (default 500). */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, was " + n);
            }
            this.batchSize = n;
            return this;
        }

        /** Most events buffered; more are dropped (default 10 000). */
        public Builder bufferCapacity(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("bufferCapacity must be >= 1, was " + n);
            }
            this.bufferCapacity = n;
            return this;
        }

        /** How often a partial batch is sent (default 1 s). */
        public Builder flushInterval(Duration d) {
            this.flushInterval = positive(d, "flushInterval");
            return this;
        }

        /** First and longest wait between retries (default 200 ms, 10 s). */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = positive(initial, "initial backoff");
            this.maxBackoff = positive(max, "max backoff");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max backoff must be >= initial backoff");
            }
            return this;
        }

        /** How long one batch is retried before it is dropped (default 2 min). */
        public Builder maxRetryDuration(Duration d) {
            this.maxRetryDuration = positive(d, "maxRetryDuration");
            return this;
        }

        /** Timeout of one HTTP request (default 30 s). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        /**
         * The API key to send, as {@code Authorization: Bearer <key>}; it needs scope {@code
         * ingest}. A refused key (401, 403) is not retried: the batch is dropped and logged.
         */
        public Builder apiKey(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            return header("Authorization", "Bearer " + key.strip());
        }

        /** A header sent with every request. */
        public Builder header(String name, String value) {
            headers.add(new String[] {Objects.requireNonNull(name), Objects.requireNonNull(value)});
            return this;
        }

        /** The JDK HTTP client to use (default: a new one). */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client);
            return this;
        }

        public IngestClient build() {
            return new IngestClient(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d;
        }
    }
}
