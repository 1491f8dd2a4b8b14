package dev.plimsoll.cost.model;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.cost.serde.Binary;
import dev.plimsoll.cost.serde.Codec;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Binary form of a {@link CostRecord} between operators and in state: its canonical JSON (core's
 * codec), which is exact and versioned. Cost records are few (thousands per hour), so the JSON
 * costs nothing that matters.
 */
public final class CostRecordCodec implements Codec<CostRecord> {

    private static final long serialVersionUID = 1L;
    private static final dev.plimsoll.core.telemetry.CostRecordCodec JSON =
            dev.plimsoll.core.telemetry.CostRecordCodec.create();

    @Override
    public Class<CostRecord> type() {
        return CostRecord.class;
    }

    @Override
    public void write(CostRecord value, DataOutputView out) throws IOException {
        Binary.writeBytes(JSON.encode(value), out);
    }

    @Override
    public CostRecord read(DataInputView in) throws IOException {
        byte[] json = Binary.readBytes(in);
        try {
            if (JSON.decode(json) instanceof Validation.Accepted<CostRecord> a) {
                return a.value();
            }
        } catch (MalformedTelemetryException e) {
            throw new IOException("a stored cost record is not JSON", e);
        }
        throw new IOException("a stored cost record no longer validates");
    }
}
