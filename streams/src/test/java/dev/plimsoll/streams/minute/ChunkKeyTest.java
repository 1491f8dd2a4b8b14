package dev.plimsoll.streams.minute;

import dev.plimsoll.core.aggregate.ServiceMinuteKey;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkKeyTest {

    private static final ServiceMinuteKey ROW =
            new ServiceMinuteKey("acme", "orders", "GET /é", 1_772_366_400_000_000L);

    @Test
    void onTimeAndCorrectionChunksRoundTrip() {
        ChunkKey onTime = new ChunkKey(ROW, 7);
        ChunkKey correction = new ChunkKey(ROW, 7, 1_772_373_600_000_000L);

        assertThat(ChunkKey.fromBytes(onTime.toBytes())).isEqualTo(onTime);
        assertThat(ChunkKey.fromBytes(correction.toBytes())).isEqualTo(correction);
        assertThat(correction.toBytes()).hasSize(onTime.toBytes().length + 8);
        // both start with the window: one prefix scan finds a window's rows and its corrections
        assertThat(ByteBuffer.wrap(correction.toBytes()).getLong())
                .isEqualTo(ROW.windowStartMicros());
    }

    /** Keys written before corrections existed (stores restored after an upgrade) are on time. */
    @Test
    void keysOfTheFormerLayoutReadAsOnTimeChunks() {
        byte[] t = "acme".getBytes(StandardCharsets.UTF_8);
        byte[] s = "orders".getBytes(StandardCharsets.UTF_8);
        byte[] o = "GET /é".getBytes(StandardCharsets.UTF_8);
        byte[] former =
                ByteBuffer.allocate(8 + 2 + t.length + 2 + s.length + 2 + o.length + 8)
                        .putLong(ROW.windowStartMicros())
                        .putShort((short) t.length)
                        .put(t)
                        .putShort((short) s.length)
                        .put(s)
                        .putShort((short) o.length)
                        .put(o)
                        .putLong(42)
                        .array();

        assertThat(ChunkKey.fromBytes(former)).isEqualTo(new ChunkKey(ROW, 42, 0));
        assertThat(new ChunkKey(ROW, 42).toBytes()).isEqualTo(former);
    }
}
