package dev.plimsoll.read.model;

import java.time.Instant;

/**
 * A stored deploy marker (table {@code deploys}, telemetry contract v1).
 *
 * @param service the deployed service
 * @param version the version
 * @param at when it was deployed
 */
public record DeployPoint(String service, String version, Instant at) {}
