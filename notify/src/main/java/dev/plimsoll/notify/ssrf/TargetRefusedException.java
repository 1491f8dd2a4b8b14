package dev.plimsoll.notify.ssrf;

import java.net.UnknownHostException;

/**
 * The guard refused a target. A subclass of {@link UnknownHostException} so that it can leave an
 * HTTP client's name resolution (where the guard also sits) without being wrapped; callers treat it
 * as a permanent failure, never as a transient DNS error.
 */
public final class TargetRefusedException extends UnknownHostException {

    private static final long serialVersionUID = 1L;

    public TargetRefusedException(String reason) {
        super(reason);
    }
}
