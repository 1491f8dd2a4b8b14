package dev.plimsoll.cost.model;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.users.DistinctUsers;
import dev.plimsoll.cost.serde.Binary;
import dev.plimsoll.cost.serde.Codec;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Binary form of {@link DayInput}: a tag byte, then the message. */
public final class DayInputCodec implements Codec<DayInput> {

    private static final long serialVersionUID = 1L;
    private static final byte SCOPE_DAY = 1;
    private static final byte HOUR_TRAFFIC = 2;

    @Override
    public Class<DayInput> type() {
        return DayInput.class;
    }

    @Override
    public void write(DayInput value, DataOutputView out) throws IOException {
        if (value instanceof ScopeDay s) {
            out.writeByte(SCOPE_DAY);
            out.writeUTF(s.scope());
            out.writeLong(s.day());
            writeHours(s.hours(), out);
        } else {
            HourTraffic t = (HourTraffic) value;
            out.writeByte(HOUR_TRAFFIC);
            out.writeUTF(t.service());
            out.writeLong(t.hour());
            out.writeLong(t.requests());
            out.writeBoolean(t.last());
            writeUsers(t.users(), out);
        }
    }

    @Override
    public DayInput read(DataInputView in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case SCOPE_DAY -> new ScopeDay(in.readUTF(), in.readLong(), readHours(in));
            case HOUR_TRAFFIC -> {
                String service = in.readUTF();
                long hour = in.readLong();
                long requests = in.readLong();
                boolean last = in.readBoolean();
                yield new HourTraffic(service, hour, requests, readUsers(in), last);
            }
            default -> throw new IOException("unknown day input tag " + tag);
        };
    }

    @Override
    public boolean immutable() {
        return false; // HourTraffic holds a mutable DistinctUsers
    }

    @Override
    public DayInput copy(DayInput value) {
        if (value instanceof HourTraffic t) {
            return new HourTraffic(t.service(), t.hour(), t.requests(), copy(t.users()), t.last());
        }
        return value;
    }

    /** Hours of costs: hour → key → amount. */
    public static void writeHours(
            SortedMap<Long, SortedMap<CostKey, BigDecimal>> hours, DataOutputView out)
            throws IOException {
        out.writeInt(hours.size());
        for (Map.Entry<Long, SortedMap<CostKey, BigDecimal>> h : hours.entrySet()) {
            out.writeLong(h.getKey());
            out.writeInt(h.getValue().size());
            for (Map.Entry<CostKey, BigDecimal> c : h.getValue().entrySet()) {
                out.writeUTF(c.getKey().currency());
                out.writeBoolean(c.getKey().shared());
                out.writeUTF(c.getKey().name());
                Binary.writeDecimal(c.getValue(), out);
            }
        }
    }

    public static SortedMap<Long, SortedMap<CostKey, BigDecimal>> readHours(DataInputView in)
            throws IOException {
        SortedMap<Long, SortedMap<CostKey, BigDecimal>> hours = new TreeMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long hour = in.readLong();
            int m = in.readInt();
            SortedMap<CostKey, BigDecimal> costs = new TreeMap<>();
            for (int j = 0; j < m; j++) {
                costs.put(
                        new CostKey(in.readUTF(), in.readBoolean(), in.readUTF()),
                        Binary.readDecimal(in));
            }
            hours.put(hour, costs);
        }
        return hours;
    }

    /** Distinct users in core's own encoding. */
    public static void writeUsers(DistinctUsers users, DataOutputView out) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(users.encodedSize());
        users.writeTo(b);
        Binary.writeBytes(b.array(), out);
    }

    public static DistinctUsers readUsers(DataInputView in) throws IOException {
        try {
            return DistinctUsers.readFrom(ByteBuffer.wrap(Binary.readBytes(in)));
        } catch (DecodingException e) {
            throw new IOException("bad distinct-users encoding", e);
        }
    }

    public static DistinctUsers copy(DistinctUsers users) {
        DistinctUsers copy = new DistinctUsers(users.cap());
        copy.merge(users);
        return copy;
    }
}
