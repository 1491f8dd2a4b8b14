package dev.plimsoll.infra.testing;

import java.util.Objects;

/**
 * The backend chosen for one service, why, and (for {@link Backend#EXTERNAL}) the address taken
 * from the environment.
 */
record BackendChoice(Backend backend, String reason, String externalAddress) {

    BackendChoice {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(reason, "reason");
        if ((backend == Backend.EXTERNAL) != (externalAddress != null)) {
            throw new IllegalArgumentException(
                    "an external address is required for, and only for, the external backend");
        }
    }
}
