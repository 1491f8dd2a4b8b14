package dev.plimsoll.streams.minute;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The aggregation key within a minute: {@code tenant = ""} for all tenants, {@code operation = ""}
 * for the whole service.
 */
record GroupKey(String tenant, String service, String operation) implements Comparable<GroupKey> {

    private static final Comparator<GroupKey> ORDER =
            Comparator.comparing(GroupKey::tenant)
                    .thenComparing(GroupKey::service)
                    .thenComparing(GroupKey::operation);

    boolean wholeService() {
        return operation.isEmpty();
    }

    @Override
    public int compareTo(GroupKey o) {
        return ORDER.compare(this, o);
    }

    /**
     * State-store key: minute (8 bytes, big-endian, so keys sort by minute), then tenant and
     * service each prefixed by its UTF-8 length (2 bytes), then the operation.
     */
    byte[] storeKey(long minuteMs) {
        byte[] t = tenant.getBytes(StandardCharsets.UTF_8);
        byte[] s = service.getBytes(StandardCharsets.UTF_8);
        byte[] o = operation.getBytes(StandardCharsets.UTF_8);
        if (t.length > 0xFFFF || s.length > 0xFFFF) {
            throw new IllegalArgumentException("tenant and service must be shorter than 64 KiB");
        }
        return ByteBuffer.allocate(8 + 2 + t.length + 2 + s.length + o.length)
                .putLong(minuteMs)
                .putShort((short) t.length)
                .put(t)
                .putShort((short) s.length)
                .put(s)
                .put(o)
                .array();
    }

    static long minuteOf(byte[] storeKey) {
        return ByteBuffer.wrap(storeKey).getLong();
    }

    static GroupKey fromStoreKey(byte[] storeKey) {
        ByteBuffer b = ByteBuffer.wrap(storeKey);
        b.getLong();
        String tenant = string(b, Short.toUnsignedInt(b.getShort()));
        String service = string(b, Short.toUnsignedInt(b.getShort()));
        String operation = string(b, b.remaining());
        return new GroupKey(tenant, service, operation);
    }

    private static String string(ByteBuffer b, int length) {
        String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }
}
