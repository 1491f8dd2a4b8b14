/**
 * Concurrency of requests per time window: peak in-flight (a sweep over start/end boundaries) and
 * mean in-flight (Σ overlap ÷ window length), from {@code [start, end)} intervals in epoch
 * microseconds ({@link dev.plimsoll.core.telemetry.RequestEvent#endMicros()}).
 *
 * <p>{@link dev.plimsoll.core.concurrency.ConcurrencyWindow} is the incremental, mergeable state of
 * one window; {@link dev.plimsoll.core.concurrency.ConcurrencyWindows} says which windows a request
 * overlaps and what it contributes to each.
 */
package dev.plimsoll.core.concurrency;
