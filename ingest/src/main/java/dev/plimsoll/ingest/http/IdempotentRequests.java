package dev.plimsoll.ingest.http;

import dev.plimsoll.core.telemetry.Idempotency;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;

import java.util.Optional;

/**
 * The {@value Idempotency#HTTP_HEADER} of an ingest request: validated, and turned into the batch
 * id that every record of the request carries to Kafka (core's {@link Idempotency}).
 */
final class IdempotentRequests {

    private IdempotentRequests() {}

    /**
     * The request's batch id, or {@code null} when it carries no key.
     *
     * @param body the body as received (the retry must send the same bytes)
     * @throws InvalidIdempotencyKeyException naming the header and the problem
     */
    static @Nullable byte[] batchId(HttpRequest<?> request, byte[] body)
            throws InvalidIdempotencyKeyException {
        String key = request.getHeaders().get(Idempotency.HTTP_HEADER);
        if (key == null) {
            return null;
        }
        Optional<String> problem = Idempotency.problem(key);
        if (problem.isPresent()) {
            throw new InvalidIdempotencyKeyException(
                    Idempotency.HTTP_HEADER + ": " + problem.get() + ".");
        }
        return Idempotency.batchId(
                IngestKeyFilter.caller(request).name(), request.getPath(), key, body);
    }
}
