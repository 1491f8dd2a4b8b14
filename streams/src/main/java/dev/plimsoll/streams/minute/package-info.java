/**
 * The service-minute Kafka Streams topology: one-minute windows by request start, grace and late
 * drops, in-memory pre-aggregation written to the changelogged store at commit (ADR 0006).
 */
package dev.plimsoll.streams.minute;
