package dev.plimsoll.streams.minute;

import dev.plimsoll.core.aggregate.ServiceMinuteKey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key of one partial aggregate ("chunk") in the aggregates store: the row key, the number of the
 * drain that wrote it and, for a correction, the minute in which its late events arrived. Layout:
 * window start (epoch µs, 8 bytes big-endian, so that the keys of a window are contiguous and
 * windows sort by time), tenant, service and operation each as a 2-byte UTF-8 length and the bytes,
 * the chunk number (8 bytes), then — only for a correction — its arrival minute (epoch µs, 8
 * bytes). Keys written before corrections existed have no such suffix and read as on-time chunks.
 *
 * @param row the service-minute row the chunk belongs to
 * @param chunk the drain that wrote it (unique per task, increasing)
 * @param correction 0 for the window's on-time row; for a correction, the start of the minute
 *     (epoch µs) of the task's clock in which its late events arrived
 */
record ChunkKey(ServiceMinuteKey row, long chunk, long correction) {

    /** A chunk of the window's on-time row. */
    ChunkKey(ServiceMinuteKey row, long chunk) {
        this(row, chunk, 0);
    }

    byte[] toBytes() {
        byte[] t = utf8(row.tenant(), "tenant");
        byte[] s = utf8(row.service(), "service");
        byte[] o = utf8(row.operation(), "operation");
        ByteBuffer b =
                ByteBuffer.allocate(
                                8
                                        + 2
                                        + t.length
                                        + 2
                                        + s.length
                                        + 2
                                        + o.length
                                        + 8
                                        + (correction == 0 ? 0 : 8))
                        .putLong(row.windowStartMicros())
                        .putShort((short) t.length)
                        .put(t)
                        .putShort((short) s.length)
                        .put(s)
                        .putShort((short) o.length)
                        .put(o)
                        .putLong(chunk);
        if (correction != 0) {
            b.putLong(correction);
        }
        return b.array();
    }

    static ChunkKey fromBytes(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key);
        long window = b.getLong();
        String tenant = string(b);
        String service = string(b);
        String operation = string(b);
        long chunk = b.getLong();
        long correction = b.remaining() >= 8 ? b.getLong() : 0;
        return new ChunkKey(
                new ServiceMinuteKey(tenant, service, operation, window), chunk, correction);
    }

    /** The common prefix of all chunk keys of the window starting at {@code windowStartMicros}. */
    static byte[] windowPrefix(long windowStartMicros) {
        return ByteBuffer.allocate(8).putLong(windowStartMicros).array();
    }

    private static byte[] utf8(String value, String name) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException(name + " is longer than 65 535 UTF-8 bytes");
        }
        return bytes;
    }

    private static String string(ByteBuffer b) {
        int length = Short.toUnsignedInt(b.getShort());
        String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }
}
