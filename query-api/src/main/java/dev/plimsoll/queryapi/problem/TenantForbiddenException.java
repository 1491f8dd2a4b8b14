package dev.plimsoll.queryapi.problem;

/** A tenant-bound key asked for another tenant or for all tenants: answered with 403. */
public final class TenantForbiddenException extends RuntimeException {

    public TenantForbiddenException(String message) {
        super(message, null, false, false);
    }
}
