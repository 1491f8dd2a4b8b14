/**
 * ClickHouse for Plimsoll: the local engine ({@link dev.plimsoll.infra.clickhouse.LocalClickHouse},
 * chDB behind ClickHouse's HTTP protocol in a child process), its library cache, and the schema
 * migrations ({@link dev.plimsoll.infra.clickhouse.ClickHouseMigrations}).
 */
package dev.plimsoll.infra.clickhouse;
