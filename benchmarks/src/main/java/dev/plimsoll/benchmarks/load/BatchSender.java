package dev.plimsoll.benchmarks.load;

/**
 * Sends one batch of events over one path and returns once every event of it is acknowledged (or
 * rejected by the server). Called from several threads at once.
 */
interface BatchSender extends AutoCloseable {

    /** What happened to one batch. */
    record Outcome(int accepted, int[] rejectedIndexes, int failedAttempts) {
        static Outcome accepted(int n) {
            return new Outcome(n, new int[0], 0);
        }
    }

    /** The path's name in the report, e.g. {@code HTTP NDJSON}. */
    String name();

    /**
     * Sends batch {@code batch}.
     *
     * @return the events the server accepted, the in-batch indexes of those it rejected, and how
     *     many earlier attempts failed (their events may be in Kafka already)
     * @throws Exception when the batch cannot be delivered; the run stops
     */
    Outcome send(int batch) throws Exception;

    @Override
    void close();
}
