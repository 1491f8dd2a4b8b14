-- Cost per user, written by the Flink cost job (module `cost`, ADR 0018) and read by the query API.
--
-- One row per (service, currency, hour) in cost_hour and per (service, currency, day) in cost_day;
-- service = '' is the row of all services of a currency: every cost of the period (direct +
-- shared allocated + unallocated) with the distinct users and requests of all services.
--
-- Money is exact: Decimal(38, 18) holds every amount of the cost contract (at most 18 decimal
-- places, below 10^15) and sums of them with 5 digits to spare (ADR 0016). cost_per_user and
-- cost_per_thousand_requests are quotients rounded half-even at 18 places, NULL without users or
-- requests.
--
-- Replacement: the job re-emits a period whenever its inputs change (late records, restatements,
-- provisional → final). ReplacingMergeTree keeps, per key, the row with the highest version (the
-- job's write clock); a row with is_deleted = 1 removes the key (a restatement took a service's
-- last cost of that period away). Read with FINAL: SELECT ... FROM cost_hour FINAL WHERE ...
-- Rows are snapshots, never deltas, so a replay after a crash writes the same values again and
-- nothing is counted twice; there are no materialized views (the job writes the days itself: a
-- day's distinct users are the union of its hours' users, which a view over hour rows cannot
-- compute).
--
-- TTLs are the defaults of plimsoll.cost.retention.hour / .day; the job applies configured values
-- at start with ALTER TABLE ... MODIFY TTL.

CREATE TABLE IF NOT EXISTS cost_hour
(
    hour                       DateTime('UTC'),
    service                    String,
    currency                   LowCardinality(String),
    direct                     Decimal(38, 18),
    shared_allocated           Decimal(38, 18),
    unallocated                Decimal(38, 18),
    total                      Decimal(38, 18),
    active_users               UInt64,
    requests                   UInt64,
    cost_per_user              Nullable(Decimal(38, 18)),
    cost_per_thousand_requests Nullable(Decimal(38, 18)),
    policy                     LowCardinality(String),
    final                      Bool,
    version                    UInt64,
    is_deleted                 UInt8,
    emitted_at                 DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (service, currency, hour)
TTL hour + INTERVAL 400 DAY;

CREATE TABLE IF NOT EXISTS cost_day
(
    day                        Date,
    service                    String,
    currency                   LowCardinality(String),
    direct                     Decimal(38, 18),
    shared_allocated           Decimal(38, 18),
    unallocated                Decimal(38, 18),
    total                      Decimal(38, 18),
    active_users               UInt64,
    requests                   UInt64,
    cost_per_user              Nullable(Decimal(38, 18)),
    cost_per_thousand_requests Nullable(Decimal(38, 18)),
    policy                     LowCardinality(String),
    final                      Bool,
    version                    UInt64,
    is_deleted                 UInt8,
    emitted_at                 DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (service, currency, day)
TTL day + INTERVAL 1825 DAY;
