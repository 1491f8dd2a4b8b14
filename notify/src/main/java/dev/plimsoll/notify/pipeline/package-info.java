/**
 * The routing and grouping stage: a Kafka Streams topology that reads alert state changes,
 * deduplicates them by {@code eventId}, routes each to the contact points its rule names, groups
 * them as Alertmanager does, and writes each message to send into the outbox topic — in one
 * exactly-once transaction with its state, so a crash neither loses nor repeats a message.
 */
package dev.plimsoll.notify.pipeline;
