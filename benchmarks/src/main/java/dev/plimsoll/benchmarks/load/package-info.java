/**
 * The end-to-end load benchmark ({@link dev.plimsoll.benchmarks.load.LoadBenchmark}, a {@code
 * main}): HTTP ingest against a plain Kafka producer into the same topic, time until the API's
 * counts are exact, and the exactness check itself. See {@code benchmarks/README.md}, "End to end".
 */
package dev.plimsoll.benchmarks.load;
