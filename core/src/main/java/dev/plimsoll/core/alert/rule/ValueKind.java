package dev.plimsoll.core.alert.rule;

/**
 * How the values of a metric are written in a rule and reported in an alert: the accepted input
 * forms and the unit of the stored decimal.
 */
public enum ValueKind {
    /** Milliseconds; written {@code 300ms}, {@code 1.5s}, {@code 250us} or a plain number of ms. */
    DURATION,
    /** A fraction from 0 to 1; written {@code 0.05} or {@code 5%}. */
    RATIO,
    /** A plain non-negative number (requests per second, requests in flight, users). */
    NUMBER,
    /** An exact amount of money in the data's currency; written as a decimal, never rounded. */
    MONEY
}
