package dev.plimsoll.alerts.http;

/** 403 for a tenant-bound key reaching beyond its tenant. */
public final class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message, null, false, false);
    }
}
