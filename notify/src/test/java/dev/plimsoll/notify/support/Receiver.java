package dev.plimsoll.notify.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP server on the loopback address playing a webhook receiver (Slack, Teams, Discord,
 * Google Chat or a generic one): it records every request and answers from a script (default 200),
 * optionally holding a request until released.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received. */
    public record Request(
            String method,
            String path,
            String query,
            Map<String, String> headers,
            byte[] body,
            Instant at) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer. */
    public record Answer(
            int status, Map<String, String> headers, String body, CountDownLatch hold) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), "", null);
        }

        public static Answer status(int status, String body) {
            return new Answer(status, Map.of(), body, null);
        }

        public Answer header(String name, String value) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body, hold);
        }

        /** Holds the request until {@code latch} opens (the sender waits for the answer). */
        public Answer heldUntil(CountDownLatch latch) {
            return new Answer(status, headers, body, latch);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private Answer fallback = Answer.status(200, "ok");

    public Receiver() {
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Answers the next requests in this order, then the fallback. */
    public synchronized Receiver answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public synchronized Receiver otherwise(Answer answer) {
        fallback = answer;
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits (bounded) until {@code n} requests matching {@code p} arrived; returns them. */
    public List<Request> await(int n, Predicate<Request> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                List<Request> matching = requests.stream().filter(p).toList();
                if (matching.size() >= n) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "expected "
                                    + n
                                    + " requests, got "
                                    + matching.size()
                                    + ": "
                                    + requests);
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    public List<Request> await(int n, Duration timeout) {
        return await(n, r -> true, timeout);
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        byte[] body = ex.getRequestBody().readAllBytes();
        Answer a;
        synchronized (this) {
            requests.add(
                    new Request(
                            ex.getRequestMethod(),
                            ex.getRequestURI().getPath(),
                            ex.getRequestURI().getRawQuery(),
                            headers,
                            body,
                            Instant.now()));
            a = script.isEmpty() ? fallback : script.poll();
            notifyAll();
        }
        if (a.hold() != null) {
            try {
                a.hold().await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
