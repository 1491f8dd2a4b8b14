package dev.plimsoll.cost.model;

/**
 * What the day allocator receives, keyed by UTC day: a scope's costs in that day ({@link ScopeDay})
 * or a service's traffic in one of its hours ({@link HourTraffic}). Both replace what the allocator
 * held for the same scope-day or service-hour: updates are idempotent.
 */
public sealed interface DayInput permits ScopeDay, HourTraffic {

    /** The UTC day, as epoch day. */
    long day();
}
