package dev.plimsoll.core.concurrency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrencyWindowsTest {

    private static final long MINUTE = ConcurrencyWindow.ONE_MINUTE_MICROS;

    @Test
    void windowStartsAreAlignedToTheEpochIncludingNegativeTimes() {
        assertThat(ConcurrencyWindows.windowStart(0, MINUTE)).isZero();
        assertThat(ConcurrencyWindows.windowStart(MINUTE - 1, MINUTE)).isZero();
        assertThat(ConcurrencyWindows.windowStart(MINUTE, MINUTE)).isEqualTo(MINUTE);
        assertThat(ConcurrencyWindows.windowStart(-1, MINUTE)).isEqualTo(-MINUTE);
    }

    @Test
    void aRequestInsideOneWindowHasOneSlice() {
        assertThat(ConcurrencyWindows.slices(10, 20, 100))
                .containsExactly(new WindowSlice(0, 10, 20));
        assertThat(ConcurrencyWindows.slices(0, 100, 100))
                .containsExactly(new WindowSlice(0, 0, 100));
        assertThat(ConcurrencyWindows.windowCount(0, 100, 100)).isEqualTo(1);
    }

    @Test
    void aRequestSpanningWindowsContributesToEachWithItsOverlap() {
        var slices = ConcurrencyWindows.slices(90, 330, 100);

        assertThat(slices)
                .containsExactly(
                        new WindowSlice(0, 90, 100),
                        new WindowSlice(100, 100, 200),
                        new WindowSlice(200, 200, 300),
                        new WindowSlice(300, 300, 330));
        assertThat(slices.stream().mapToLong(WindowSlice::overlapMicros).sum()).isEqualTo(240);
        assertThat(ConcurrencyWindows.windowCount(90, 330, 100)).isEqualTo(4);
    }

    @Test
    void aZeroLengthRequestHasOneEmptySliceInItsWindow() {
        assertThat(ConcurrencyWindows.slices(100, 100, 100))
                .containsExactly(new WindowSlice(100, 100, 100));
        assertThat(ConcurrencyWindows.windowCount(100, 100, 100)).isEqualTo(1);
    }

    @Test
    void invalidIntervalsAreRejected() {
        assertThatThrownBy(() -> ConcurrencyWindows.slices(5, 4, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot end before it starts");
        assertThatThrownBy(() -> ConcurrencyWindows.windowStart(5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windowLengthMicros");
    }
}
