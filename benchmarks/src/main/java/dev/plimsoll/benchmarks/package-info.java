/** JMH benchmarks for the hot aggregation path. */
package dev.plimsoll.benchmarks;
