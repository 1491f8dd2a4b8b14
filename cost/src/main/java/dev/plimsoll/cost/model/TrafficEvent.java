package dev.plimsoll.cost.model;

import dev.plimsoll.cost.serde.Binary;
import dev.plimsoll.cost.serde.Codec;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the cost job needs of one request event: its service, its hour, its user (as core's 64-bit
 * hash), and — for de-duplicating retried batches — the batch identity ingest stamped on it.
 *
 * @param service the service that served it
 * @param hour start of its UTC hour (by request start), epoch seconds
 * @param userHash {@code UserIdHash} of the user id, meaningful when {@code hasUser}
 * @param hasUser whether the event named a user
 * @param eventTime the event time the job orders it by, epoch ms: its start, but at most {@code
 *     max-clock-skew} after it reached Kafka
 * @param recordTimestamp when it reached Kafka (the Kafka record timestamp), epoch ms
 * @param batchId the idempotency batch id (16 bytes), or {@code null} when it has none
 * @param batchIndex its index in that batch, or -1
 */
public record TrafficEvent(
        String service,
        long hour,
        long userHash,
        boolean hasUser,
        long eventTime,
        long recordTimestamp,
        byte[] batchId,
        int batchIndex) {

    public TrafficEvent {
        Objects.requireNonNull(service, "service");
    }

    /** Whether the event carries a batch identity (and must be de-duplicated on it). */
    public boolean hasIdentity() {
        return batchId != null && batchIndex >= 0;
    }

    /** The batch id as hex, the key of the de-duplication state. */
    public String batchKey() {
        return HexFormat.of().formatHex(batchId);
    }

    /** The key of the traffic counter: service and hour. */
    public String serviceHourKey() {
        return service + "|" + hour;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficEvent t
                && t.service.equals(service)
                && t.hour == hour
                && t.userHash == userHash
                && t.hasUser == hasUser
                && t.eventTime == eventTime
                && t.recordTimestamp == recordTimestamp
                && Arrays.equals(t.batchId, batchId)
                && t.batchIndex == batchIndex;
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, hour, userHash, eventTime) * 31 + Arrays.hashCode(batchId);
    }

    @Override
    public String toString() {
        return "TrafficEvent["
                + service
                + " @"
                + hour
                + (hasUser ? " user " + userHash : "")
                + (hasIdentity() ? " batch " + batchKey() + "#" + batchIndex : "")
                + "]";
    }

    /** Binary form. */
    public static final class TrafficEventCodec implements Codec<TrafficEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<TrafficEvent> type() {
            return TrafficEvent.class;
        }

        @Override
        public void write(TrafficEvent e, DataOutputView out) throws IOException {
            out.writeUTF(e.service);
            out.writeLong(e.hour);
            out.writeBoolean(e.hasUser);
            out.writeLong(e.userHash);
            out.writeLong(e.eventTime);
            out.writeLong(e.recordTimestamp);
            out.writeInt(e.batchIndex);
            out.writeBoolean(e.batchId != null);
            if (e.batchId != null) {
                Binary.writeBytes(e.batchId, out);
            }
        }

        @Override
        public TrafficEvent read(DataInputView in) throws IOException {
            String service = in.readUTF();
            long hour = in.readLong();
            boolean hasUser = in.readBoolean();
            long user = in.readLong();
            long eventTime = in.readLong();
            long recordTs = in.readLong();
            int index = in.readInt();
            byte[] batch = in.readBoolean() ? Binary.readBytes(in) : null;
            return new TrafficEvent(
                    service, hour, user, hasUser, eventTime, recordTs, batch, index);
        }
    }
}
