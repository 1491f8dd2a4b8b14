/**
 * Plimsoll core: the framework-free domain. Telemetry contract v1, the mergeable latency histogram,
 * the concurrency sweep, active users, cost allocation and alert math live here, with no dependency
 * on Kafka, Flink, Micronaut or JDBC.
 */
package dev.plimsoll.core;
