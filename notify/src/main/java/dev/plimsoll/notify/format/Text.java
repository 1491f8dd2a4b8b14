package dev.plimsoll.notify.format;

/**
 * Text as the chat formats write it: truncation that never splits a surrogate pair and marks the
 * cut with an ellipsis; escaping of the three characters that make markup.
 */
public final class Text {

    private static final String ELLIPSIS = "…";

    private Text() {}

    /**
     * {@code s} cut to at most {@code max} UTF-16 units (the unit JavaScript-based services count),
     * ending in {@code …} when cut; null stays null.
     */
    public static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        if (max <= 0) {
            return "";
        }
        int end = max - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, Math.max(0, end)) + ELLIPSIS;
    }

    /**
     * {@code &}, {@code <} and {@code >} as entities: Slack's three control characters in text
     * (docs.slack.dev, "Formatting text"), and what keeps alert text from adding markup or links to
     * Google Chat's HTML subset (Cards v2, "Formatting text").
     */
    public static String escapeMarkup(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
