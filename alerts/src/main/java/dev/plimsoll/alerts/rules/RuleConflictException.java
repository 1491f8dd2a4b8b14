package dev.plimsoll.alerts.rules;

/** 409: the rule exists, or is a read-only file rule. The message is for the caller. */
public final class RuleConflictException extends RuntimeException {
    public RuleConflictException(String message) {
        super(message, null, false, false);
    }
}
