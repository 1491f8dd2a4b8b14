/** Stream jobs (Kafka Streams, Flink) and the idempotent ClickHouse sink. */
package dev.plimsoll.streams;
