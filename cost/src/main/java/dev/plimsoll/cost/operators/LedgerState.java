package dev.plimsoll.cost.operators;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.cost.model.CostKey;
import dev.plimsoll.cost.model.CostRecordCodec;
import dev.plimsoll.cost.model.DayInputCodec;
import dev.plimsoll.cost.serde.Binary;
import dev.plimsoll.cost.serde.Codec;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The state of one scope in {@link CostLedger}. Mutable; confined to its key's task. */
public final class LedgerState {

    /** The current import's generation, or {@code null} (no import, or a record-id scope). */
    String generation;

    /** When the current import was received, epoch microseconds. */
    long importedAtMicros;

    /** The scope's current costs: hour → key → amount. */
    SortedMap<Long, SortedMap<CostKey, BigDecimal>> hours = new TreeMap<>();

    /** When to drop the scope (event time, ms): its last hour's end plus the retention. */
    long cleanupAtMillis;

    /** Newer imports whose rows are still arriving, by generation. */
    final TreeMap<String, Pending> pending = new TreeMap<>();

    /** The current import's generation ({@code null} outside imports). */
    public String generation() {
        return generation;
    }

    /** The current costs per hour. */
    public SortedMap<Long, SortedMap<CostKey, BigDecimal>> hours() {
        return hours;
    }

    /** Generations of incomplete imports. */
    public java.util.Set<String> pendingGenerations() {
        return pending.keySet();
    }

    /** An import whose rows are still arriving. */
    static final class Pending {
        final long importedAtMicros;
        final int total;
        long lastArrivalMillis = Long.MIN_VALUE;
        final TreeMap<Integer, CostRecord> rows = new TreeMap<>();

        Pending(long importedAtMicros, int total) {
            this.importedAtMicros = importedAtMicros;
            this.total = total;
        }
    }

    /** Binary form. */
    public static final class StateCodec implements Codec<LedgerState> {
        private static final long serialVersionUID = 1L;
        private static final CostRecordCodec RECORDS = new CostRecordCodec();

        @Override
        public Class<LedgerState> type() {
            return LedgerState.class;
        }

        @Override
        public void write(LedgerState s, DataOutputView out) throws IOException {
            Binary.writeNullableString(s.generation, out);
            out.writeLong(s.importedAtMicros);
            out.writeLong(s.cleanupAtMillis);
            DayInputCodec.writeHours(s.hours, out);
            out.writeInt(s.pending.size());
            for (Map.Entry<String, Pending> e : s.pending.entrySet()) {
                Pending p = e.getValue();
                out.writeUTF(e.getKey());
                out.writeLong(p.importedAtMicros);
                out.writeInt(p.total);
                out.writeLong(p.lastArrivalMillis);
                out.writeInt(p.rows.size());
                for (Map.Entry<Integer, CostRecord> r : p.rows.entrySet()) {
                    out.writeInt(r.getKey());
                    RECORDS.write(r.getValue(), out);
                }
            }
        }

        @Override
        public LedgerState read(DataInputView in) throws IOException {
            LedgerState s = new LedgerState();
            s.generation = Binary.readNullableString(in);
            s.importedAtMicros = in.readLong();
            s.cleanupAtMillis = in.readLong();
            s.hours = DayInputCodec.readHours(in);
            int pending = in.readInt();
            for (int i = 0; i < pending; i++) {
                String generation = in.readUTF();
                Pending p = new Pending(in.readLong(), in.readInt());
                p.lastArrivalMillis = in.readLong();
                int rows = in.readInt();
                for (int j = 0; j < rows; j++) {
                    p.rows.put(in.readInt(), RECORDS.read(in));
                }
                s.pending.put(generation, p);
            }
            return s;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public LedgerState copy(LedgerState value) {
            return roundTrip(this, value);
        }
    }

    /** A deep copy through the binary form. */
    static <T> T roundTrip(Codec<T> codec, T value) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            codec.write(value, out);
            return codec.read(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
