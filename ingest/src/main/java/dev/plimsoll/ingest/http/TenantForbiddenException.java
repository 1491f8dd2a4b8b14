package dev.plimsoll.ingest.http;

/** A tenant-bound API key sent records that carry no tenant (costs, deploys): 403. */
public final class TenantForbiddenException extends Exception {

    private static final long serialVersionUID = 1L;

    public TenantForbiddenException(String message) {
        super(message);
    }
}
