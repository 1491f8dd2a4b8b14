package dev.plimsoll.cost.operators;

import dev.plimsoll.cost.model.CostKey;
import dev.plimsoll.cost.model.DayInputCodec;
import dev.plimsoll.cost.serde.Codec;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Book-keeping of one day in {@link DayAllocator}: what changed since the last write, which rows
 * were written (to delete the ones that disappear), which hours are final, and — once the day is
 * final — the distinct-user counts its sets were reduced to. Mutable.
 */
public final class DayMeta {

    /** Hours (epoch seconds) whose rows changed since they were last written. */
    final TreeSet<Long> dirtyHours = new TreeSet<>();

    boolean dayDirty;

    /** The pending processing-time timer of the next write, or 0. */
    long emitAt;

    /** Keys ({@code service|currency}) written per hour, and for the day. */
    final TreeMap<Long, Set<String>> emittedHours = new TreeMap<>();

    final Set<String> emittedDay = new TreeSet<>();

    final TreeSet<Long> finalHours = new TreeSet<>();

    boolean dayFinal;

    boolean compacted;

    final TreeMap<Long, Long> overallHourUsers = new TreeMap<>();

    final TreeMap<String, Long> serviceDayUsers = new TreeMap<>();

    long overallDayUsers;

    public boolean dayFinal() {
        return dayFinal;
    }

    public boolean compacted() {
        return compacted;
    }

    public Set<Long> finalHours() {
        return finalHours;
    }

    /** Binary form. */
    public static final class MetaCodec implements Codec<DayMeta> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<DayMeta> type() {
            return DayMeta.class;
        }

        @Override
        public void write(DayMeta m, DataOutputView out) throws IOException {
            writeLongs(m.dirtyHours, out);
            out.writeBoolean(m.dayDirty);
            out.writeLong(m.emitAt);
            out.writeInt(m.emittedHours.size());
            for (Map.Entry<Long, Set<String>> e : m.emittedHours.entrySet()) {
                out.writeLong(e.getKey());
                writeStrings(e.getValue(), out);
            }
            writeStrings(m.emittedDay, out);
            writeLongs(m.finalHours, out);
            out.writeBoolean(m.dayFinal);
            out.writeBoolean(m.compacted);
            out.writeInt(m.overallHourUsers.size());
            for (Map.Entry<Long, Long> e : m.overallHourUsers.entrySet()) {
                out.writeLong(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeInt(m.serviceDayUsers.size());
            for (Map.Entry<String, Long> e : m.serviceDayUsers.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeLong(m.overallDayUsers);
        }

        @Override
        public DayMeta read(DataInputView in) throws IOException {
            DayMeta m = new DayMeta();
            readLongs(m.dirtyHours, in);
            m.dayDirty = in.readBoolean();
            m.emitAt = in.readLong();
            int hours = in.readInt();
            for (int i = 0; i < hours; i++) {
                long hour = in.readLong();
                Set<String> keys = new TreeSet<>();
                readStrings(keys, in);
                m.emittedHours.put(hour, keys);
            }
            readStrings(m.emittedDay, in);
            readLongs(m.finalHours, in);
            m.dayFinal = in.readBoolean();
            m.compacted = in.readBoolean();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                m.overallHourUsers.put(in.readLong(), in.readLong());
            }
            n = in.readInt();
            for (int i = 0; i < n; i++) {
                m.serviceDayUsers.put(in.readUTF(), in.readLong());
            }
            m.overallDayUsers = in.readLong();
            return m;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public DayMeta copy(DayMeta value) {
            return LedgerState.roundTrip(this, value);
        }

        private static void writeLongs(Set<Long> values, DataOutputView out) throws IOException {
            out.writeInt(values.size());
            for (long v : values) {
                out.writeLong(v);
            }
        }

        private static void readLongs(Set<Long> into, DataInputView in) throws IOException {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                into.add(in.readLong());
            }
        }

        private static void writeStrings(Set<String> values, DataOutputView out)
                throws IOException {
            out.writeInt(values.size());
            for (String v : values) {
                out.writeUTF(v);
            }
        }

        private static void readStrings(Set<String> into, DataInputView in) throws IOException {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                into.add(in.readUTF());
            }
        }
    }

    /** Binary form of a scope's hours (immutable maps, shared between copies). */
    public static final class HoursCodec
            implements Codec<SortedMap<Long, SortedMap<CostKey, BigDecimal>>> {
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Class<SortedMap<Long, SortedMap<CostKey, BigDecimal>>> type() {
            return (Class) SortedMap.class;
        }

        @Override
        public void write(SortedMap<Long, SortedMap<CostKey, BigDecimal>> value, DataOutputView out)
                throws IOException {
            DayInputCodec.writeHours(value, out);
        }

        @Override
        public SortedMap<Long, SortedMap<CostKey, BigDecimal>> read(DataInputView in)
                throws IOException {
            return DayInputCodec.readHours(in);
        }
    }
}
