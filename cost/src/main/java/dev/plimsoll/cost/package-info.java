/**
 * The Flink cost-per-user job: cost records and request events from Kafka, hourly and daily cost
 * per user into ClickHouse. Allocation math is core's {@code dev.plimsoll.core.cost}.
 */
package dev.plimsoll.cost;
