package dev.plimsoll.ingest.security;

import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.ingest.OtlpBodies;

import java.nio.charset.StandardCharsets;

/** Every ingest route with a body holding one valid record of a given service. */
enum IngestRoute {
    REQUESTS("/api/v1/ingest/requests", "application/json", TelemetryTopics.REQUESTS),
    REQUESTS_NDJSON("/api/v1/ingest/requests", "application/x-ndjson", TelemetryTopics.REQUESTS),
    COSTS("/api/v1/ingest/costs", "application/json", TelemetryTopics.COSTS),
    COSTS_CSV("/api/v1/ingest/costs", "text/csv", TelemetryTopics.COSTS),
    DEPLOYS("/api/v1/ingest/deploys", "application/json", TelemetryTopics.DEPLOYS),
    TRACES_PROTOBUF("/v1/traces", "application/x-protobuf", TelemetryTopics.REQUESTS),
    TRACES_JSON("/v1/traces", "application/json", TelemetryTopics.REQUESTS);

    final String path;
    final String contentType;
    final String topic;

    IngestRoute(String path, String contentType, String topic) {
        this.path = path;
        this.contentType = contentType;
        this.topic = topic;
    }

    boolean otlp() {
        return path.equals("/v1/traces");
    }

    /** 202 on the JSON routes, 200 on OTLP. */
    int success() {
        return otlp() ? 200 : 202;
    }

    /** The Kafka key of {@link #body}'s record: its service, or for costs its recordId. */
    String key(String service) {
        return this == COSTS || this == COSTS_CSV ? service + "-1" : service;
    }

    /** One valid record of {@code service}, starting a minute ago. */
    byte[] body(String service) {
        long startMs = System.currentTimeMillis() - 60_000;
        return switch (this) {
            case REQUESTS, REQUESTS_NDJSON ->
                    utf8(
                            "{\"service\":\""
                                    + service
                                    + "\",\"operation\":\"GET /x\",\"start\":"
                                    + startMs
                                    + ",\"durationMs\":1}");
            case COSTS ->
                    utf8(
                            "{\"recordId\":\""
                                    + service
                                    + "-1\",\"service\":\""
                                    + service
                                    + "\",\"chargePeriodStart\":\"2026-03-01T00:00:00Z\","
                                    + "\"chargePeriodEnd\":\"2026-03-01T01:00:00Z\",\"cost\":\"1.25\","
                                    + "\"currency\":\"USD\"}");
            case COSTS_CSV ->
                    utf8(
                            "x_RecordId,x_Service,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,"
                                    + "BillingCurrency\n"
                                    + service
                                    + "-1,"
                                    + service
                                    + ",2026-03-01T00:00:00Z,2026-03-01T01:00:00Z,1.25,USD\n");
            case DEPLOYS ->
                    utf8(
                            "{\"service\":\""
                                    + service
                                    + "\",\"version\":\"1.0\",\"at\":"
                                    + startMs
                                    + "}");
            case TRACES_PROTOBUF -> OtlpBodies.protobuf(service, startMs * 1_000_000);
            case TRACES_JSON -> OtlpBodies.json(service, startMs * 1_000_000);
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
