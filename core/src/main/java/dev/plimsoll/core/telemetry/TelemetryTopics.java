package dev.plimsoll.core.telemetry;

import java.util.List;

/**
 * Kafka topic names of telemetry contract v1. Values are JSON in the encodings of {@link
 * RequestEventCodec}, {@link CostRecordCodec}, {@link DeployMarkerCodec} and {@link
 * DeadLetterCodec}; record keys are the service name in UTF-8 ({@code ""} for a shared cost).
 */
public final class TelemetryTopics {

    /** {@link RequestEvent}s, keyed by service. */
    public static final String REQUESTS = "telemetry.requests.v1";

    /** {@link CostRecord}s, keyed by service ({@code ""} for shared costs). */
    public static final String COSTS = "telemetry.costs.v1";

    /** {@link DeployMarker}s, keyed by service. */
    public static final String DEPLOYS = "telemetry.deploys.v1";

    /** {@link DeadLetter}s: records rejected at intake, with the reason and the raw record. */
    public static final String DEAD_LETTERS = "telemetry.deadletter.v1";

    /** Every topic of the contract, for provisioning. */
    public static final List<String> ALL = List.of(REQUESTS, COSTS, DEPLOYS, DEAD_LETTERS);

    private TelemetryTopics() {}
}
