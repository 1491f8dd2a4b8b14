package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.RequestEvent;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Event time of a request event: its start, in epoch milliseconds, but never more than {@code
 * maxClockSkew} after the time the record reached Kafka. Values that are not request events get -1,
 * which Kafka Streams drops and counts in its {@code dropped-records} metric.
 *
 * <p>The extracted timestamp is what Kafka Streams' stream time (the task's event-time clock, also
 * stored with the committed offsets) is made of, so bounding it here bounds every decision that
 * follows: which windows close, which events are late, and the clock an idle task advances from
 * (ADR 0010). Where an event <em>belongs</em> is not affected: the processor places it by its own
 * start; it recognizes a bounded event by a timestamp earlier than that start.
 *
 * <p>"Reached Kafka" is the record's timestamp (the producer's clock when it was sent — ingest's —
 * or the broker's with {@code LogAppendTime}), or the job's wall clock when that is earlier (a
 * producer whose own clock is ahead). The record timestamp is part of the input: replaying the
 * topic after a crash, or from scratch a week later, bounds each record exactly as the first time.
 */
public final class RequestStartTimestampExtractor implements TimestampExtractor {

    private final long maxClockSkewMs;
    private final LongSupplier wallClockMs;

    /** An extractor that bounds event time by the record timestamp and the system clock. */
    public RequestStartTimestampExtractor(Duration maxClockSkew) {
        this(maxClockSkew.toMillis(), System::currentTimeMillis);
    }

    RequestStartTimestampExtractor(long maxClockSkewMs, LongSupplier wallClockMs) {
        if (maxClockSkewMs < 0) {
            throw new IllegalArgumentException("maxClockSkew must be >= 0, was " + maxClockSkewMs);
        }
        this.maxClockSkewMs = maxClockSkewMs;
        this.wallClockMs = wallClockMs;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (!(record.value() instanceof RequestEvent e)) {
            return -1;
        }
        long start = Math.floorDiv(e.startMicros(), 1000);
        long wall = wallClockMs.getAsLong();
        // -1: a record without a timestamp (old message format)
        long reached = record.timestamp() < 0 ? wall : Math.min(record.timestamp(), wall);
        long limit = reached + maxClockSkewMs;
        return limit < start ? limit : start;
    }

    /**
     * Whether the extractor bounded this record's event time: its timestamp is before its start.
     */
    static boolean isBounded(long recordTimestampMs, RequestEvent e) {
        return recordTimestampMs < Math.floorDiv(e.startMicros(), 1000);
    }
}
