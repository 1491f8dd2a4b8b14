/** HTTP intake of telemetry into Kafka, and the Java client for services. */
package dev.plimsoll.ingest;
