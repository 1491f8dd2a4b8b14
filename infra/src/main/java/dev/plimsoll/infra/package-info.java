/** Local engines (Kafka broker, ClickHouse engine), schema migrations and test infrastructure. */
package dev.plimsoll.infra;
