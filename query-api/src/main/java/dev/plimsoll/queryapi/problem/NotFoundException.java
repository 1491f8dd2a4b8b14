package dev.plimsoll.queryapi.problem;

/** A service or operation that was never seen in the retained data: answered with 404. */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
