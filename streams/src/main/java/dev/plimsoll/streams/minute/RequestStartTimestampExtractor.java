package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.RequestEvent;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a request event is its start, in epoch milliseconds. Values that are not request
 * events get -1, which Kafka Streams drops and counts in its {@code dropped-records} metric.
 */
public final class RequestStartTimestampExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return record.value() instanceof RequestEvent e ? Math.floorDiv(e.startMicros(), 1000) : -1;
    }
}
