package dev.plimsoll.core.security;

import java.util.Objects;

/**
 * The outcome of checking a request's API key against a required scope ({@link
 * ApiKeyRing#authorize(String, Scope)}). Adapters map {@link Unauthenticated} to 401 and {@link
 * Forbidden} to 403.
 */
public sealed interface AccessDecision {

    /** The key is known and has the scope. */
    record Granted(Caller caller) implements AccessDecision {
        public Granted {
            Objects.requireNonNull(caller, "caller");
        }
    }

    /**
     * No key, or a key that matches no configured digest.
     *
     * @param reason a full sentence for the response; never contains the presented key
     */
    record Unauthenticated(String reason) implements AccessDecision {
        public Unauthenticated {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A known key without the required scope.
     *
     * @param reason a full sentence for the response
     */
    record Forbidden(String reason) implements AccessDecision {
        public Forbidden {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
