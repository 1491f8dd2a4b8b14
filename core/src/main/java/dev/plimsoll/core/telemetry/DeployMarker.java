package dev.plimsoll.core.telemetry;

import java.time.Instant;
import java.util.Objects;

/**
 * A deployment of a service version (telemetry contract v1, topic {@code telemetry.deploys.v1}),
 * drawn on dashboards and used by alerts to tell a regression from a release. Immutable and
 * thread-safe.
 *
 * @param service the deployed service
 * @param version the version deployed, e.g. a tag or commit
 * @param at when the deployment happened
 */
public record DeployMarker(String service, String version, Instant at) {

    public DeployMarker {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(at, "at");
    }
}
