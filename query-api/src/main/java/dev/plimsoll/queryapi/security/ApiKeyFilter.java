package dev.plimsoll.queryapi.security;

import dev.plimsoll.core.security.AccessDecision;
import dev.plimsoll.core.security.ApiKeyHeaders;
import dev.plimsoll.core.security.Scope;
import dev.plimsoll.queryapi.problem.Problem;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Applies the API keys to {@code /api/v1/**} with scope {@code read} ({@code admin} covers it). The
 * ingest routes ({@code /api/v1/ingest/**}) are left to the ingest module's own filter.
 *
 * <p>The key is read from {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. No or
 * unknown key: 401 with {@code WWW-Authenticate}; known key without the scope: 403. The caller is
 * stored on the request for the controllers ({@link Callers}).
 */
@ServerFilter("/api/v1/**")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
public final class ApiKeyFilter implements Ordered {

    private static final String INGEST_PREFIX = "/api/v1/ingest";

    private final ApiKeyStore store;

    public ApiKeyFilter(ApiKeyStore store) {
        this.store = store;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.equals(INGEST_PREFIX) || path.startsWith(INGEST_PREFIX + "/")) {
            return null;
        }
        AccessDecision decision = store.access().authorize(request.getHeaders()::get, Scope.READ);
        if (decision instanceof AccessDecision.Granted granted) {
            request.setAttribute(Callers.ATTRIBUTE, granted.caller());
            return null;
        }
        if (decision instanceof AccessDecision.Forbidden forbidden) {
            return Problem.of(
                            HttpStatus.FORBIDDEN,
                            "insufficient-scope",
                            "API key lacks the required scope",
                            forbidden.reason(),
                            path)
                    .toResponse();
        }
        return Problem.of(
                        HttpStatus.UNAUTHORIZED,
                        "unauthenticated",
                        "API key required",
                        ((AccessDecision.Unauthenticated) decision).reason(),
                        path)
                .toResponse()
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyHeaders.CHALLENGE);
    }
}
