package dev.plimsoll.alerts.rules;

/** 404: no such rule (or silence, or alert). */
public final class RuleNotFoundException extends RuntimeException {
    public RuleNotFoundException(String id) {
        super("No rule '" + id + "'.", null, false, false);
    }

    public RuleNotFoundException(String kind, String id) {
        super("No " + kind + " '" + id + "'.", null, false, false);
    }
}
