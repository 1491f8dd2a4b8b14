/**
 * Alert notifications: contact points, routing and grouping of {@link
 * dev.plimsoll.core.alert.event.AlertEvent}s, a durable Kafka outbox, and delivery to Slack,
 * Microsoft Teams, Discord, Google Chat and Standard Webhooks receivers — retried, dead-lettered,
 * delivered once per state change, and never to an address the SSRF guard refuses.
 *
 * <p>The pipeline is a chain of stages, after Alertmanager's {@code notify} package: route and
 * group ({@link dev.plimsoll.notify.pipeline}), render ({@link dev.plimsoll.notify.format}: one
 * class per service, each only turning a notification into one request and saying whether a failure
 * is retryable), and deliver ({@link dev.plimsoll.notify.delivery}: dedup against the delivery log,
 * retry with backoff, per-target concurrency, dead letters) — the guarantees live once, in the
 * shared stages.
 */
package dev.plimsoll.notify;
