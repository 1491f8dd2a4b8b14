package dev.plimsoll.core.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: the name of the API key used, its scopes and, when the key is bound to a tenant,
 * that tenant.
 *
 * <p>A tenant-bound caller only ever reads its own tenant's series: {@link #tenantFor(String)}
 * refuses any other tenant and the all-tenants view ({@link #ALL_TENANTS}). Immutable and
 * thread-safe.
 *
 * @param name the key's configured name (never the key itself), for logs and audit
 * @param scopes what the caller may do; never empty
 * @param tenant the tenant the key is bound to, or empty when it may read any tenant
 */
public record Caller(String name, Set<Scope> scopes, Optional<String> tenant) {

    /**
     * The tenant value of the all-tenants rows ({@code tenant = ''} in ClickHouse): every event
     * counts there, whatever its tenant.
     */
    public static final String ALL_TENANTS = "";

    private static final Caller OPEN_MODE =
            new Caller("open-mode", EnumSet.allOf(Scope.class), Optional.empty());

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tenant, "tenant");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("A caller needs at least one scope.");
        }
        scopes = Set.copyOf(scopes);
        if (tenant.isPresent() && tenant.get().isBlank()) {
            throw new IllegalArgumentException(
                    "A bound tenant must not be blank; leave it out to allow every tenant.");
        }
    }

    /**
     * The caller of a server running without API keys (development mode): every scope, no tenant
     * binding.
     */
    public static Caller openMode() {
        return OPEN_MODE;
    }

    /** Whether any of the caller's scopes allows an action that requires {@code required}. */
    public boolean has(Scope required) {
        for (Scope scope : scopes) {
            if (scope.grants(required)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The tenant whose rows this caller's query must read.
     *
     * <ul>
     *   <li>Unbound caller: the requested tenant, or {@link #ALL_TENANTS} when none (null) was
     *       requested; an empty request also means all tenants.
     *   <li>Bound caller: its own tenant when none or that same tenant was requested; any other
     *       request (another tenant, or the all-tenants view) is {@link TenantAccess.Denied}.
     * </ul>
     *
     * @param requested the tenant named by the request, or {@code null} when it named none
     */
    public TenantAccess tenantFor(String requested) {
        if (tenant.isEmpty()) {
            return new TenantAccess.Allowed(requested == null ? ALL_TENANTS : requested);
        }
        String bound = tenant.get();
        if (requested == null || requested.equals(bound)) {
            return new TenantAccess.Allowed(bound);
        }
        String what = requested.isEmpty() ? "the all-tenants view" : "tenant '" + requested + "'";
        return new TenantAccess.Denied(
                "API key '"
                        + name
                        + "' is bound to tenant '"
                        + bound
                        + "' and cannot read "
                        + what
                        + ".");
    }
}
