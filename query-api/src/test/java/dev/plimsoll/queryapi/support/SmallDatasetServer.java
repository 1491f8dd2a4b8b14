package dev.plimsoll.queryapi.support;

import dev.plimsoll.infra.testing.MinuteRows;

/**
 * Base of the {@code @MicronautTest} classes that read {@link SmallDataset} from a fresh database
 * on the shared test ClickHouse.
 */
public abstract class SmallDatasetServer extends ApiServer {

    @Override
    protected String clickHouseUrl() {
        String url = TestClickHouse.createDatabase(getClass().getSimpleName().toLowerCase());
        MinuteRows.insert(url, SmallDataset.events());
        return url;
    }
}
