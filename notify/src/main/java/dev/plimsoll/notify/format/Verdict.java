package dev.plimsoll.notify.format;

import java.time.Duration;
import java.util.Objects;

/** What one attempt's outcome means for the delivery. */
public sealed interface Verdict {

    /** The receiver accepted the message. */
    record Delivered() implements Verdict {}

    /**
     * Worth trying again.
     *
     * @param reason what happened, for the delivery log (no URL, no secret)
     * @param retryAfter the delay the receiver asked for ({@code Retry-After}), or null
     */
    record Retry(String reason, Duration retryAfter) implements Verdict {
        public Retry {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Trying again cannot help (the receiver refused the message, or the target is not allowed).
     *
     * @param reason what happened, for the delivery log (no URL, no secret)
     */
    record Fail(String reason) implements Verdict {
        public Fail {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
