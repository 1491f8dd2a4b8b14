package dev.plimsoll.core.telemetry;

/** Wording shared by the validators, so that every transport reports a problem the same way. */
final class Problems {

    private static final int MAX_ECHO = 64;

    private Problems() {}

    static String required() {
        return "is required";
    }

    static String empty() {
        return "must not be empty";
    }

    static String tooLong(int max, int actual) {
        return "must be at most " + max + " characters, was " + actual;
    }

    static String notTimestamp(CharSequence text) {
        return quote(text)
                + " is not an RFC 3339 timestamp (e.g. 2026-03-01T12:00:00.250Z) or epoch"
                + " milliseconds";
    }

    static String tooFarInFuture(long micros, long nowMicros) {
        return Timestamps.formatMicros(micros)
                + " is more than 24 hours in the future (now "
                + Timestamps.formatMicros(nowMicros)
                + ")";
    }

    static String tooEarly(long micros) {
        String when =
                micros >= -62_135_596_800_000_000L
                        ? Timestamps.formatMicros(micros)
                        : micros + " epoch microseconds";
        return when
                + " is before 2000-01-01T00:00:00Z (epoch timestamps are milliseconds, not"
                + " seconds)";
    }

    /** A value echoed back in a message: quoted, escaped minimally and cut to 64 characters. */
    static String quote(CharSequence text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_ECHO) + 8).append('"');
        for (int i = 0; i < text.length() && i < MAX_ECHO; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        if (text.length() > MAX_ECHO) {
            b.append("...");
        }
        return b.append('"').toString();
    }

    /** Checks a required name-like text; returns the problem or {@code null} when fine. */
    static String checkName(String value, int max) {
        if (value == null) {
            return required();
        }
        if (value.isBlank()) {
            return empty();
        }
        if (value.length() > max) {
            return tooLong(max, value.length());
        }
        return null;
    }

    /** Checks an optional name-like text; returns the problem or {@code null} when fine. */
    static String checkOptionalName(String value, int max) {
        if (value != null && value.length() > max) {
            return tooLong(max, value.length());
        }
        return null;
    }
}
