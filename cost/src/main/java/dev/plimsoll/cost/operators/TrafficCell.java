package dev.plimsoll.cost.operators;

import dev.plimsoll.core.users.DistinctUsers;
import dev.plimsoll.cost.model.DayInputCodec;
import dev.plimsoll.cost.serde.Codec;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * One service-hour's traffic in {@link DayAllocator}: its requests and its distinct users — the set
 * until the day is final, then only its count.
 */
public final class TrafficCell {

    long requests;
    DistinctUsers users;
    long usersCount;

    TrafficCell(DistinctUsers users) {
        this.users = users;
    }

    public long requests() {
        return requests;
    }

    /** Distinct users: the set's estimate, or the stored count once compacted. */
    public long users() {
        return users != null ? users.estimate() : usersCount;
    }

    /** Whether the user set was reduced to its count (the day is final). */
    public boolean compacted() {
        return users == null;
    }

    /** Binary form. */
    public static final class CellCodec implements Codec<TrafficCell> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<TrafficCell> type() {
            return TrafficCell.class;
        }

        @Override
        public void write(TrafficCell c, DataOutputView out) throws IOException {
            out.writeLong(c.requests);
            out.writeLong(c.usersCount);
            out.writeBoolean(c.users != null);
            if (c.users != null) {
                DayInputCodec.writeUsers(c.users, out);
            }
        }

        @Override
        public TrafficCell read(DataInputView in) throws IOException {
            long requests = in.readLong();
            long count = in.readLong();
            TrafficCell c = new TrafficCell(in.readBoolean() ? DayInputCodec.readUsers(in) : null);
            c.requests = requests;
            c.usersCount = count;
            return c;
        }

        @Override
        public boolean immutable() {
            return false;
        }

        @Override
        public TrafficCell copy(TrafficCell value) {
            TrafficCell c =
                    new TrafficCell(value.users == null ? null : DayInputCodec.copy(value.users));
            c.requests = value.requests;
            c.usersCount = value.usersCount;
            return c;
        }
    }
}
