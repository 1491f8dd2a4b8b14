package dev.plimsoll.queryapi.support;

/**
 * Base of the {@code @MicronautTest} classes whose server has no ClickHouse to reach (a closed
 * port): what they see is answered before any query, or is the 503 of a query.
 */
public abstract class ClickHouseDownServer extends ApiServer {

    @Override
    protected String clickHouseUrl() {
        return ClosedPort.clickHouseUrl();
    }
}
