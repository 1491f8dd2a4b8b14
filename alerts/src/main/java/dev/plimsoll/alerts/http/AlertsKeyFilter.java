package dev.plimsoll.alerts.http;

import dev.plimsoll.core.security.AccessDecision;
import dev.plimsoll.core.security.ApiKeyHeaders;
import dev.plimsoll.core.security.Caller;
import dev.plimsoll.core.security.Scope;
import dev.plimsoll.core.security.TenantAccess;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * API keys on the alerting routes: scope {@code read} to read (and to backtest, which changes
 * nothing), scope {@code admin} to create, change or delete rules and silences. The query API's
 * filter also asks {@code read} of every {@code /api/v1/**} route; this filter adds {@code admin}
 * where a route changes something, and works on its own when the query API is not in the process.
 */
@ServerFilter({
    "/api/v1/rules/**",
    "/api/v1/rules",
    "/api/v1/alerts/**",
    "/api/v1/alerts",
    "/api/v1/silences/**",
    "/api/v1/silences"
})
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
public final class AlertsKeyFilter implements Ordered {

    static final String ATTRIBUTE = "plimsoll.alerts.caller";

    private final AlertsKeyStore store;

    public AlertsKeyFilter(AlertsKeyStore store) {
        this.store = store;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order() + 1;
    }

    /** The scope a request needs. */
    static Scope required(HttpRequest<?> request) {
        boolean reads =
                request.getMethod() == HttpMethod.GET
                        || request.getMethod() == HttpMethod.HEAD
                        || request.getPath().equals("/api/v1/rules/backtest");
        return reads ? Scope.READ : Scope.ADMIN;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        Scope scope = required(request);
        AccessDecision decision = store.access().authorize(request.getHeaders()::get, scope);
        if (decision instanceof AccessDecision.Granted granted) {
            request.setAttribute(ATTRIBUTE, granted.caller());
            return null;
        }
        if (decision instanceof AccessDecision.Forbidden forbidden) {
            return Problem.of(
                            HttpStatus.FORBIDDEN,
                            "insufficient-scope",
                            "API key lacks the required scope",
                            forbidden.reason(),
                            request.getPath())
                    .toResponse();
        }
        return Problem.of(
                        HttpStatus.UNAUTHORIZED,
                        "unauthenticated",
                        "API key required",
                        ((AccessDecision.Unauthenticated) decision).reason(),
                        request.getPath())
                .toResponse()
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyHeaders.CHALLENGE);
    }

    /** The caller the filter admitted. */
    public static Caller caller(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Caller.class)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "AlertsKeyFilter did not run for " + request.getPath()));
    }

    /**
     * Checks that the caller may see or manage {@code tenant} ({@code ""}: all tenants).
     *
     * @throws ForbiddenException when a tenant-bound key reaches for another tenant
     */
    public static void requireTenant(HttpRequest<?> request, String tenant) {
        Caller caller = caller(request);
        if (caller.tenant().isEmpty()) {
            return;
        }
        TenantAccess access = caller.tenantFor(tenant);
        if (!(access instanceof TenantAccess.Allowed allowed) || !allowed.tenant().equals(tenant)) {
            throw new ForbiddenException(
                    "The API key is bound to tenant '"
                            + caller.tenant().get()
                            + "'; it cannot use rules or alerts of "
                            + (tenant.isEmpty() ? "all tenants" : "tenant '" + tenant + "'")
                            + ".");
        }
    }

    /** Whether the caller may see {@code tenant}'s rules and alerts. */
    public static boolean sees(HttpRequest<?> request, String tenant) {
        Caller caller = caller(request);
        return caller.tenant().isEmpty() || caller.tenant().get().equals(tenant);
    }
}
