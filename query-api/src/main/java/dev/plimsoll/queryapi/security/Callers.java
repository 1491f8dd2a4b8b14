package dev.plimsoll.queryapi.security;

import dev.plimsoll.core.security.Caller;
import dev.plimsoll.core.security.TenantAccess;
import dev.plimsoll.queryapi.problem.TenantForbiddenException;

import io.micronaut.http.HttpRequest;

/** The caller that {@link ApiKeyFilter} authenticated, and the tenant it may read. */
public final class Callers {

    /** Request attribute holding the {@link Caller}. */
    static final String ATTRIBUTE = "plimsoll.caller";

    private Callers() {}

    /** The authenticated caller of {@code request}. */
    public static Caller of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Caller.class)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "no caller on the request: ApiKeyFilter did not run for "
                                                + request.getPath()));
    }

    /**
     * The tenant whose rows the request reads: the caller's bound tenant, or the requested one.
     *
     * @param requested the {@code tenant} parameter, {@code null} when absent
     * @throws TenantForbiddenException when a bound caller asks for another tenant or all tenants
     */
    public static String tenant(HttpRequest<?> request, String requested) {
        TenantAccess access = of(request).tenantFor(requested);
        if (access instanceof TenantAccess.Allowed allowed) {
            return allowed.tenant();
        }
        throw new TenantForbiddenException(((TenantAccess.Denied) access).reason());
    }
}
