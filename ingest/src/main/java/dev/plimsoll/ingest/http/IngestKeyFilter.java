package dev.plimsoll.ingest.http;

import dev.plimsoll.core.security.AccessDecision;
import dev.plimsoll.core.security.ApiKeyHeaders;
import dev.plimsoll.core.security.Caller;
import dev.plimsoll.core.security.Scope;
import dev.plimsoll.ingest.security.IngestKeyStore;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Applies the API keys to the ingest routes with scope {@code ingest} ({@code admin} covers it). No
 * or unknown key: 401 with {@code WWW-Authenticate}; a key without the scope: 403. Answers are
 * {@code application/problem+json} on {@code /api/v1/ingest/**} and a {@code google.rpc.Status} in
 * the request's encoding on {@code /v1/traces}, as OTLP exporters expect (both are not retried by
 * them). The caller is stored on the request for the controllers ({@link #caller}).
 */
@ServerFilter({"/api/v1/ingest", "/api/v1/ingest/**", "/v1/traces", "/v1/traces/**"})
@Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
public final class IngestKeyFilter implements Ordered {

    private static final String ATTRIBUTE = "plimsoll.ingest.caller";
    private static final String OTLP_PREFIX = "/v1/traces";

    private final IngestKeyStore store;

    public IngestKeyFilter(IngestKeyStore store) {
        this.store = store;
    }

    /** The caller this filter authenticated for {@code request}. */
    static Caller caller(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Caller.class)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "no caller on the request: IngestKeyFilter did not run for "
                                                + request.getPath()));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        AccessDecision decision = store.access().authorize(request.getHeaders()::get, Scope.INGEST);
        if (decision instanceof AccessDecision.Granted granted) {
            request.setAttribute(ATTRIBUTE, granted.caller());
            return null;
        }
        String path = request.getPath();
        boolean otlp = path.startsWith(OTLP_PREFIX);
        if (decision instanceof AccessDecision.Forbidden forbidden) {
            return otlp
                    ? OtlpStatus.response(
                            OtlpStatus.isJson(request),
                            HttpStatus.FORBIDDEN,
                            OtlpStatus.PERMISSION_DENIED,
                            forbidden.reason())
                    : ProblemHandlers.respond(
                            Problem.of(
                                    "insufficient-scope",
                                    "API key lacks the required scope",
                                    403,
                                    forbidden.reason(),
                                    path));
        }
        String reason = ((AccessDecision.Unauthenticated) decision).reason();
        MutableHttpResponse<?> response =
                otlp
                        ? OtlpStatus.response(
                                OtlpStatus.isJson(request),
                                HttpStatus.UNAUTHORIZED,
                                OtlpStatus.UNAUTHENTICATED,
                                reason)
                        : ProblemHandlers.respond(
                                Problem.of(
                                        "unauthenticated", "API key required", 401, reason, path));
        return response.header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyHeaders.CHALLENGE);
    }
}
