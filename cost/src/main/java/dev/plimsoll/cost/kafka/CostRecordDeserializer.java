package dev.plimsoll.cost.kafka;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.core.telemetry.CostRecordCodec;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.cost.serde.CodecTypeInfo;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code telemetry.costs.v1} with core's codec. A record that is not valid contract v1 (a
 * producer writing straight to Kafka without validation) is skipped, logged and counted ({@code
 * invalid-cost-records}): ingest dead-letters invalid input before it reaches the topic.
 */
public final class CostRecordDeserializer implements KafkaRecordDeserializationSchema<CostRecord> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CostRecordDeserializer.class);

    private transient CostRecordCodec codec;
    private transient Counter invalid;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = CostRecordCodec.create();
        invalid = context.getMetricGroup().counter("invalid-cost-records");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CostRecord> out) {
        if (codec == null) {
            codec = CostRecordCodec.create();
        }
        String problem;
        try {
            Validation<CostRecord> v = codec.decode(record.value());
            if (v instanceof Validation.Accepted<CostRecord> a) {
                out.collect(a.value());
                return;
            }
            problem = ((Validation.Rejected<CostRecord>) v).message();
        } catch (MalformedTelemetryException | RuntimeException e) {
            problem = e.getMessage();
        }
        if (invalid != null) {
            invalid.inc();
        }
        LOG.warn(
                "Skipping {}-{}@{}: not a valid cost record: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                problem);
    }

    @Override
    public TypeInformation<CostRecord> getProducedType() {
        return CodecTypeInfo.of(new dev.plimsoll.cost.model.CostRecordCodec());
    }
}
