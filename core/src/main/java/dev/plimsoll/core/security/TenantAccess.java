package dev.plimsoll.core.security;

import java.util.Objects;

/** The outcome of {@link Caller#tenantFor(String)}: the tenant to read, or why not. */
public sealed interface TenantAccess {

    /**
     * The query must read exactly this tenant's rows.
     *
     * @param tenant a tenant, or {@link Caller#ALL_TENANTS}
     */
    record Allowed(String tenant) implements TenantAccess {
        public Allowed {
            Objects.requireNonNull(tenant, "tenant");
        }
    }

    /**
     * The caller may not read the requested tenant.
     *
     * @param reason a full sentence for the response
     */
    record Denied(String reason) implements TenantAccess {
        public Denied {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
