/**
 * The delivery stages: read committed messages from the outbox, skip those the delivery log says
 * are finished (dedup), send each with the SSRF-guarded HTTP client, retry with capped exponential
 * backoff and jitter honouring {@code Retry-After}, give up after a maximum number of attempts
 * (dead letter), and record every attempt in the delivery log — at most a few requests at a time
 * per contact point, so one slow receiver does not hold the others.
 */
package dev.plimsoll.notify.delivery;
