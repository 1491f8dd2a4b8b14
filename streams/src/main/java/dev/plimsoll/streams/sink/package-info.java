/**
 * The ClickHouse sink: batched inserts into {@code service_minute}, exactly once through the Kafka
 * positions stored with the rows (ADR 0007), and the tables' TTLs.
 */
package dev.plimsoll.streams.sink;
