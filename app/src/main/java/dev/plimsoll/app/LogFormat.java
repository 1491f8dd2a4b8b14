package dev.plimsoll.app;

/** Console log format: concise text by default, one JSON object per line when asked. */
public enum LogFormat {
    TEXT("logback.xml"),
    JSON("logback-json.xml");

    private final String configResource;

    LogFormat(String configResource) {
        this.configResource = configResource;
    }

    /**
     * Selects the logback configuration. Must run before the first logger is created, i.e. first
     * thing in {@code main}.
     */
    void install() {
        System.setProperty("logback.configurationFile", configResource);
    }
}
