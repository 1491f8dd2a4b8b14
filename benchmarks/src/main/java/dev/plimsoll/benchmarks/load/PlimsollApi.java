package dev.plimsoll.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The parts of Plimsoll's query API the benchmark reads. Thread-safe. */
final class PlimsollApi {

    /** One latency point: {@code quantiles} by field name ({@code p50}, {@code p95}, …). */
    record Point(Instant t, long count, long errors, Map<String, Double> quantiles) {}

    /** A latency series; {@code relativeError} is the API's stated bound for its quantiles. */
    record Series(double relativeError, List<Point> points) {
        static final Series UNKNOWN = new Series(0, List.of());

        long count() {
            return points.stream().mapToLong(Point::count).sum();
        }

        long errors() {
            return points.stream().mapToLong(Point::errors).sum();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Optional<String> apiKey;
    private final HttpClient http;

    PlimsollApi(URI base, Optional<String> apiKey) {
        this.base = base;
        this.apiKey = apiKey;
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
    }

    /** {@code GET /health} answers 200, or an exception saying why not. */
    void checkHealth() throws IOException, InterruptedException {
        HttpResponse<String> r = get(base.resolve("/health"));
        if (r.statusCode() != 200) {
            throw new IOException(
                    "Plimsoll at " + base + " is not healthy: " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * The Plimsoll process's CPU time so far ({@code process_cpu_time_ns_total} on {@code
     * /prometheus}); empty when the endpoint or the metric is not there.
     */
    OptionalLong processCpuNanos() {
        try {
            HttpResponse<String> r = get(base.resolve("/prometheus"));
            if (r.statusCode() == 200) {
                for (String line : r.body().split("\n")) {
                    if (line.startsWith("process_cpu_time_ns_total ")) {
                        return OptionalLong.of(
                                (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1)));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not available: the report says n/a
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalLong.empty();
    }

    /**
     * {@code GET /api/v1/services/{service}/latency}; a service the API does not know yet (404)
     * reads as no points.
     *
     * @param params further query parameters as name, value pairs ({@code step}, {@code operation},
     *     {@code tenant})
     */
    Series latency(String service, Instant from, Instant to, String... params)
            throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("from=").append(from).append("&to=").append(to);
        for (int i = 0; i < params.length; i += 2) {
            query.append('&')
                    .append(params[i])
                    .append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        URI uri =
                base.resolve(
                        "/api/v1/services/"
                                + URLEncoder.encode(service, StandardCharsets.UTF_8)
                                        .replace("+", "%20")
                                + "/latency?"
                                + query);
        HttpResponse<String> r = get(uri);
        if (r.statusCode() == 404) {
            return Series.UNKNOWN;
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode root = JSON.readTree(r.body());
        List<Point> points = new ArrayList<>();
        for (JsonNode p : root.path("points")) {
            Map<String, Double> quantiles = new LinkedHashMap<>();
            p.fields()
                    .forEachRemaining(
                            f -> {
                                if (f.getKey().startsWith("p") && f.getValue().isNumber()) {
                                    quantiles.put(f.getKey(), f.getValue().asDouble());
                                }
                            });
            points.add(
                    new Point(
                            Instant.parse(p.path("t").asText()),
                            p.path("count").asLong(),
                            p.path("errors").asLong(),
                            quantiles));
        }
        return new Series(root.path("relativeError").asDouble(), points);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        apiKey.ifPresent(k -> request.header("X-API-Key", k));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
