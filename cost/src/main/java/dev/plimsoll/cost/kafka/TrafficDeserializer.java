package dev.plimsoll.cost.kafka;

import dev.plimsoll.core.telemetry.Idempotency;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.core.users.UserIdHash;
import dev.plimsoll.cost.model.TrafficEvent;
import dev.plimsoll.cost.serde.CodecTypeInfo;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Reads {@code telemetry.requests.v1} with core's codec into {@link TrafficEvent}s: service, hour
 * of the request start, user hash, event time (the start, but at most {@code maxClockSkew} after
 * the record reached Kafka, as the streams job does: ADR 0010), and the idempotency headers of a
 * retried batch. Invalid records are skipped and counted ({@code invalid-requests}).
 */
public final class TrafficDeserializer implements KafkaRecordDeserializationSchema<TrafficEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrafficDeserializer.class);

    private final long maxClockSkewMillis;
    private transient RequestEventCodec codec;
    private transient Counter invalid;

    public TrafficDeserializer(Duration maxClockSkew) {
        this.maxClockSkewMillis = maxClockSkew.toMillis();
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = RequestEventCodec.create();
        invalid = context.getMetricGroup().counter("invalid-requests");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TrafficEvent> out) {
        if (codec == null) {
            codec = RequestEventCodec.create();
        }
        try {
            if (codec.decode(record.value()) instanceof Validation.Accepted<RequestEvent> a) {
                out.collect(of(a.value(), record));
                return;
            }
        } catch (MalformedTelemetryException | RuntimeException e) {
            LOG.debug(
                    "Skipping {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
        if (invalid != null) {
            invalid.inc();
        }
    }

    TrafficEvent of(RequestEvent e, ConsumerRecord<byte[], byte[]> record) {
        long startMillis = Math.floorDiv(e.startMicros(), 1000);
        long hour = Math.floorDiv(e.startMicros(), 3_600_000_000L) * 3600;
        long arrived = record.timestamp() >= 0 ? record.timestamp() : startMillis;
        long eventTime = Math.min(startMillis, arrived + maxClockSkewMillis);
        byte[] batch = null;
        int index = -1;
        Header id = record.headers().lastHeader(Idempotency.BATCH_ID_HEADER);
        Header idx = record.headers().lastHeader(Idempotency.BATCH_INDEX_HEADER);
        if (id != null && idx != null && Idempotency.isBatchId(id.value())) {
            int i = Idempotency.decodeIndex(idx.value());
            if (i >= 0) {
                batch = id.value().clone();
                index = i;
            }
        }
        return new TrafficEvent(
                e.service(),
                hour,
                e.userId() == null ? 0 : UserIdHash.hash(e.userId()),
                e.userId() != null,
                eventTime,
                arrived,
                batch,
                index);
    }

    @Override
    public TypeInformation<TrafficEvent> getProducedType() {
        return CodecTypeInfo.of(new TrafficEvent.TrafficEventCodec());
    }
}
