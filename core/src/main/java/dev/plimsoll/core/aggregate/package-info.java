/**
 * Per-window pre-aggregation of request events: the in-memory aggregate of one {@code
 * service_minute} row ({@link dev.plimsoll.core.aggregate.ServiceMinuteAggregate}: counts, latency
 * histogram, concurrency, distinct users) and the routing of an event into all rows it counts in
 * ({@link dev.plimsoll.core.aggregate.ServiceMinutePreAggregator}). Used by the streams job.
 */
package dev.plimsoll.core.aggregate;
