/**
 * The local ClickHouse engine process: libchdb bound with JNA, served over ClickHouse's HTTP
 * protocol. Runs only in its own JVM (started with libjsig preloaded), never in an app or test JVM.
 */
package dev.plimsoll.infra.clickhouse.server;
