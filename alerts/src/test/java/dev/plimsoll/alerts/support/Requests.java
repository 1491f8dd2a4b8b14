package dev.plimsoll.alerts.support;

import dev.plimsoll.core.telemetry.RequestEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Request events for tests: {@code n} requests in a minute, all of one duration. */
public final class Requests {

    private Requests() {}

    /**
     * {@code n} requests of {@code service} starting in the minute at {@code minute}, each {@code
     * ms} long.
     */
    public static List<RequestEvent> minute(String service, Instant minute, int n, double ms) {
        List<RequestEvent> out = new ArrayList<>();
        long start = minute.getEpochSecond() * 1_000_000;
        for (int i = 0; i < n; i++) {
            out.add(
                    new RequestEvent(
                            service,
                            "GET /x",
                            start + i * (50_000_000L / n),
                            ms,
                            200,
                            false,
                            "u" + (i % 7),
                            null));
        }
        return out;
    }
}
