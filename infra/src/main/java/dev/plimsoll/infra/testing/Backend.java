package dev.plimsoll.infra.testing;

/** Where a shared test service comes from. */
enum Backend {
    /** An already running server named by an environment variable. */
    EXTERNAL("external server"),
    /** A container of the official image, started by Testcontainers. */
    TESTCONTAINERS("Testcontainers"),
    /** The local engine of this module (in-process Kafka, local ClickHouse engine process). */
    LOCAL("local engine");

    private final String label;

    Backend(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
