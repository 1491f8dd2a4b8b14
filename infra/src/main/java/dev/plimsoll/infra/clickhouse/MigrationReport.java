package dev.plimsoll.infra.clickhouse;

import java.util.List;

/**
 * The outcome of {@link ClickHouseMigrations#apply}: which migrations ran now and which had already
 * been applied (their checksums verified).
 *
 * @param database the database migrated
 * @param applied migrations run by this call, in order (file names)
 * @param alreadyApplied migrations found applied before, in order (file names)
 */
public record MigrationReport(String database, List<String> applied, List<String> alreadyApplied) {

    public MigrationReport {
        applied = List.copyOf(applied);
        alreadyApplied = List.copyOf(alreadyApplied);
    }

    @Override
    public String toString() {
        return "ClickHouse database "
                + database
                + ": applied "
                + applied
                + ", already applied "
                + alreadyApplied.size();
    }
}
