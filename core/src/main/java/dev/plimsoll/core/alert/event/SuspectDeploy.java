package dev.plimsoll.core.alert.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A deploy marker named by a firing alert: a deployment of the alert's service shortly before the
 * degradation began. Immutable and thread-safe.
 *
 * @param service the deployed service
 * @param version the version deployed
 * @param at when it was deployed
 */
public record SuspectDeploy(String service, String version, Instant at) {

    public SuspectDeploy {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(at, "at");
    }
}
