package dev.plimsoll.queryapi.support;

import dev.plimsoll.infra.testing.PlimsollServices;

/** Fresh databases with the schema applied, on the shared test ClickHouse. */
public final class TestClickHouse {

    private TestClickHouse() {}

    /** A new database with the migrations applied; its JDBC URL. */
    public static String createDatabase(String prefix) {
        return PlimsollServices.clickhouse().createDatabase(prefix);
    }
}
