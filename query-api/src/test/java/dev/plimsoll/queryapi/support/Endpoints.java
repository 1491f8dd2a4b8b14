package dev.plimsoll.queryapi.support;

import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code /api/v1} read endpoints, for tests that try every one of them ({@code @MethodSource}
 * with {@code "dev.plimsoll.queryapi.support.Endpoints#all"}).
 */
public final class Endpoints {

    public static final String SERVICES = "/api/v1/services";

    private Endpoints() {}

    /** The per-service series of service {@code orders}. */
    public static List<String> series() {
        return Stream.of("requests", "latency", "concurrency", "users")
                .map(metric -> SERVICES + "/orders/" + metric)
                .toList();
    }

    /** {@code /api/v1/services} and the series of service {@code orders}. */
    public static List<String> all() {
        return Stream.concat(Stream.of(SERVICES), series().stream()).toList();
    }
}
