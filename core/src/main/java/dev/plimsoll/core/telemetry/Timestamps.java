package dev.plimsoll.core.telemetry;

/**
 * RFC 3339 timestamps and epoch milliseconds to and from epoch microseconds, without allocating.
 *
 * <p>Accepted text: {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)}, with {@code t} or a
 * space instead of {@code T} and {@code z} for {@code Z} (RFC 3339 section 5.6 allows both).
 * Fractions of any length are accepted and truncated to microseconds. Leap seconds ({@code :60})
 * and timestamps without an offset are rejected. Years 0000-9999 only. Epoch milliseconds in text
 * are an optional {@code -} and digits, with an optional fraction.
 *
 * <p>Hand-written rather than {@link java.time.format.DateTimeFormatter} because it runs once per
 * event on the intake hot path and must not allocate; see ADR 0003 and {@code DecodeBenchmark}.
 * Stateless and thread-safe.
 */
public final class Timestamps {

    /** Returned by the parse methods for text that is not a valid timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    /** Length of {@link #formatMicros} output: {@code 2026-03-01T12:00:00.250000Z}. */
    public static final int FORMATTED_LENGTH = 27;

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private Timestamps() {}

    /**
     * Parses an RFC 3339 timestamp, or epoch milliseconds given as text.
     *
     * @return epoch microseconds, or {@link #INVALID}
     */
    public static long parseMicros(CharSequence text) {
        int len = text.length();
        if (len > 64) {
            return INVALID;
        }
        char[] buf = new char[len];
        for (int i = 0; i < len; i++) {
            buf[i] = text.charAt(i);
        }
        return parseMicros(buf, 0, len);
    }

    /**
     * Parses {@code buf[off, off+len)} as an RFC 3339 timestamp or as epoch milliseconds in text.
     *
     * @return epoch microseconds, or {@link #INVALID}
     */
    public static long parseMicros(char[] buf, int off, int len) {
        if (len >= 20 && buf[off + 4] == '-') {
            return parseRfc3339(buf, off, len);
        }
        return parseEpochMillisText(buf, off, len);
    }

    /**
     * Parses a timestamp as billing exports write them: anything {@link #parseMicros(CharSequence)}
     * accepts, and also date-times <em>without</em> an offset ({@code 2026-03-01 13:00:00}, {@code
     * 2026-03-01T13:00:00.000}, {@code 2026-03-01T13:00}) and bare dates ({@code 2026-03-01},
     * midnight), both read as UTC — FOCUS specifies UTC for every date-time column. Surrounding
     * spaces are ignored. Not for the JSON contract, where a missing offset is an error.
     *
     * @return epoch microseconds, or {@link #INVALID}
     */
    public static long parseUtcMicros(CharSequence text) {
        String t = text.toString().strip();
        long micros = parseMicros(t);
        if (micros != INVALID || t.length() < 10 || t.length() > 40 || t.charAt(4) != '-') {
            return micros;
        }
        if (t.length() == 10) {
            return parseMicros(t + "T00:00:00Z");
        }
        if (t.length() == 16) {
            return parseMicros(t + ":00Z"); // minutes only
        }
        return parseMicros(t + "Z");
    }

    /**
     * Epoch milliseconds to microseconds, checked for overflow.
     *
     * @return epoch microseconds, or {@link #INVALID} when out of range
     */
    public static long millisToMicros(long millis) {
        if (millis > Long.MAX_VALUE / 1000 || millis < -Long.MAX_VALUE / 1000) {
            return INVALID;
        }
        return millis * 1000;
    }

    /**
     * Fractional epoch milliseconds (e.g. a JSON {@code 1767225600000.25}) to microseconds, rounded
     * to the nearest microsecond.
     *
     * @return epoch microseconds, or {@link #INVALID} when not finite or out of range
     */
    public static long millisToMicros(double millis) {
        if (!(Math.abs(millis) < 9.0e15)) {
            return INVALID;
        }
        return Math.round(millis * 1000.0);
    }

    private static long parseEpochMillisText(char[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (i < end && buf[i] == '-') {
            negative = true;
            i++;
        }
        int digitsStart = i;
        long millis = 0;
        while (i < end && buf[i] >= '0' && buf[i] <= '9') {
            if (i - digitsStart >= 15) {
                return INVALID;
            }
            millis = millis * 10 + (buf[i++] - '0');
        }
        if (i == digitsStart) {
            return INVALID;
        }
        long micros = millis * 1000;
        if (i < end && buf[i] == '.') {
            i++;
            int fracStart = i;
            long scale = 100;
            while (i < end && buf[i] >= '0' && buf[i] <= '9') {
                micros += (buf[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == fracStart) {
                return INVALID;
            }
        }
        if (i != end) {
            return INVALID;
        }
        return negative ? -micros : micros;
    }

    private static long parseRfc3339(char[] b, int off, int len) {
        int end = off + len;
        int year = digits4(b, off);
        int month = digits2(b, off + 5);
        int day = digits2(b, off + 8);
        int hour = digits2(b, off + 11);
        int minute = digits2(b, off + 14);
        int second = digits2(b, off + 17);
        char t = b[off + 10];
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > daysInMonth(year, month)
                || b[off + 7] != '-'
                || (t != 'T' && t != 't' && t != ' ')
                || hour < 0
                || hour > 23
                || b[off + 13] != ':'
                || minute < 0
                || minute > 59
                || b[off + 16] != ':'
                || second < 0
                || second > 59) {
            return INVALID;
        }
        int i = off + 19;
        long fractionMicros = 0;
        if (i < end && b[i] == '.') {
            i++;
            int fracStart = i;
            long scale = 100_000;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                fractionMicros += (b[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == fracStart) {
                return INVALID;
            }
        }
        if (i >= end) {
            return INVALID; // RFC 3339 requires an offset
        }
        long offsetSeconds;
        char z = b[i];
        if ((z == 'Z' || z == 'z') && i + 1 == end) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i + 6 == end && b[i + 3] == ':') {
            int oh = digits2(b, i + 1);
            int om = digits2(b, i + 4);
            if (oh < 0 || oh > 23 || om < 0 || om > 59) {
                return INVALID;
            }
            offsetSeconds = (oh * 3600L + om * 60L) * (z == '+' ? 1 : -1);
        } else {
            return INVALID;
        }
        long days = daysFromCivil(year, month, day);
        long secondsOfDay = hour * 3600L + minute * 60L + second;
        return days * MICROS_PER_DAY + (secondsOfDay - offsetSeconds) * 1_000_000L + fractionMicros;
    }

    /**
     * Formats epoch microseconds as {@code YYYY-MM-DDTHH:MM:SS.ffffffZ} (UTC, always six fraction
     * digits, {@link #FORMATTED_LENGTH} characters) into {@code out[off, off+27)}.
     *
     * @throws IllegalArgumentException when the year is outside 0000-9999
     */
    public static void formatMicros(long micros, char[] out, int off) {
        long days = Math.floorDiv(micros, MICROS_PER_DAY);
        long microsOfDay = Math.floorMod(micros, MICROS_PER_DAY);
        // civil_from_days, H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException(
                    "Epoch microseconds " + micros + " are outside the years 0000-9999.");
        }
        long seconds = microsOfDay / 1_000_000;
        int fraction = (int) (microsOfDay % 1_000_000);
        put(out, off, (int) year, 4);
        out[off + 4] = '-';
        put(out, off + 5, month, 2);
        out[off + 7] = '-';
        put(out, off + 8, day, 2);
        out[off + 10] = 'T';
        put(out, off + 11, (int) (seconds / 3600), 2);
        out[off + 13] = ':';
        put(out, off + 14, (int) (seconds / 60 % 60), 2);
        out[off + 16] = ':';
        put(out, off + 17, (int) (seconds % 60), 2);
        out[off + 19] = '.';
        put(out, off + 20, fraction, 6);
        out[off + 26] = 'Z';
    }

    /** {@link #formatMicros(long, char[], int)} as a new string. */
    public static String formatMicros(long micros) {
        char[] out = new char[FORMATTED_LENGTH];
        formatMicros(micros, out, 0);
        return new String(out);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static void put(char[] out, int off, int value, int width) {
        for (int i = off + width - 1; i >= off; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int digits2(char[] b, int i) {
        int d0 = b[i] - '0';
        int d1 = b[i + 1] - '0';
        if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9) {
            return -1;
        }
        return d0 * 10 + d1;
    }

    private static int digits4(char[] b, int i) {
        int hi = digits2(b, i);
        int lo = digits2(b, i + 2);
        return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
    }
}
