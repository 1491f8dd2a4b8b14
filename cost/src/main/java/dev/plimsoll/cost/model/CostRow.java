package dev.plimsoll.cost.model;

import dev.plimsoll.core.cost.CostLine;
import dev.plimsoll.core.cost.Money;
import dev.plimsoll.cost.serde.Binary;
import dev.plimsoll.cost.serde.Codec;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * One row for {@code cost_hour} or {@code cost_day}: a {@link CostLine} of a period, whether the
 * period is final, or a tombstone that deletes an earlier row of the same key (a restatement took
 * the service's last cost of that period away).
 *
 * @param period {@link Period#HOUR} or {@link Period#DAY}
 * @param start start of the hour or day, epoch seconds (UTC)
 * @param line the row's values (a tombstone's amounts are zero)
 * @param finalRow whether the period is past the settle time
 * @param deleted whether this row deletes the key (ReplacingMergeTree's {@code is_deleted})
 */
public record CostRow(Period period, long start, CostLine line, boolean finalRow, boolean deleted) {

    /** The table a row belongs to. */
    public enum Period {
        HOUR,
        DAY
    }

    public CostRow {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(line, "line");
    }

    /** A tombstone for {@code service}/{@code currency} of a period. */
    public static CostRow tombstone(
            Period period, long start, String service, String currency, boolean finalRow) {
        CostLine empty =
                new CostLine(
                        service,
                        currency,
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        Money.ZERO,
                        0,
                        0,
                        null,
                        null,
                        "");
        return new CostRow(period, start, empty, finalRow, true);
    }

    /** The row's key in its table: service and currency (with the period start). */
    public String key() {
        return line.service() + "|" + line.currency();
    }

    @Override
    public String toString() {
        return period
                + " "
                + Instant.ofEpochSecond(start)
                + " "
                + line
                + (finalRow ? " final" : "")
                + (deleted ? " DELETED" : "");
    }

    /** Binary form. */
    public static final class CostRowCodec implements Codec<CostRow> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<CostRow> type() {
            return CostRow.class;
        }

        @Override
        public void write(CostRow r, DataOutputView out) throws IOException {
            out.writeByte(r.period.ordinal());
            out.writeLong(r.start);
            out.writeBoolean(r.finalRow);
            out.writeBoolean(r.deleted);
            CostLine l = r.line;
            out.writeUTF(l.service());
            out.writeUTF(l.currency());
            Binary.writeDecimal(l.direct(), out);
            Binary.writeDecimal(l.sharedAllocated(), out);
            Binary.writeDecimal(l.unallocated(), out);
            Binary.writeDecimal(l.total(), out);
            out.writeLong(l.activeUsers());
            out.writeLong(l.requests());
            Binary.writeNullableDecimal(l.costPerUser(), out);
            Binary.writeNullableDecimal(l.costPerThousandRequests(), out);
            out.writeUTF(l.policy());
        }

        @Override
        public CostRow read(DataInputView in) throws IOException {
            Period period = Period.values()[in.readByte()];
            long start = in.readLong();
            boolean finalRow = in.readBoolean();
            boolean deleted = in.readBoolean();
            CostLine line =
                    new CostLine(
                            in.readUTF(),
                            in.readUTF(),
                            Binary.readDecimal(in),
                            Binary.readDecimal(in),
                            Binary.readDecimal(in),
                            Binary.readDecimal(in),
                            in.readLong(),
                            in.readLong(),
                            Binary.readNullableDecimal(in),
                            Binary.readNullableDecimal(in),
                            in.readUTF());
            return new CostRow(period, start, line, finalRow, deleted);
        }
    }
}
