-- Per-minute service metrics written by the streams job's ClickHouse sink, and their hourly and
-- daily rollups. Contract between `streams` (writes) and `query-api` (reads).
--
-- Keys: tenant = '' is the all-tenants view (every event counts there; an event with tenant T
-- also counts in T's rows). operation = '' is the whole-service view: its concurrency is the
-- service's own sweep (not a sum over operations), and users (distinct user-id hashes) are only
-- filled there.
--
-- Latency buckets: DDSketch-style logarithmic buckets, relative accuracy 0.01; the key -> value
-- mapping is defined only in core (dev.plimsoll.core.latency, see its ADR). Durations below
-- 0.001 ms count in zero_count.
--
-- Exactly once: the sink stores the Kafka partition and offset of each row and resumes after
-- the highest stored offset, so every row is inserted once and the rollup views fire once.
-- ReplacingMergeTree keyed by window additionally makes minute reads (with FINAL) immune to a
-- replayed window.

CREATE TABLE IF NOT EXISTS service_minute
(
    tenant           LowCardinality(String),
    service          LowCardinality(String),
    operation        String,
    minute           DateTime('UTC'),
    count            UInt64,
    errors           UInt64,
    sum_ms           Float64,
    min_ms           Float64,
    max_ms           Float64,
    zero_count       UInt64,
    buckets          Map(Int32, UInt64),
    peak_inflight    UInt32,
    inflight_ms      Float64,
    users            Array(UInt64),
    source_partition UInt32,
    source_offset    UInt64,
    inserted_at      DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(source_offset)
ORDER BY (tenant, service, operation, minute)
TTL minute + INTERVAL 14 DAY;

CREATE TABLE IF NOT EXISTS service_hour
(
    tenant        LowCardinality(String),
    service       LowCardinality(String),
    operation     String,
    hour          DateTime('UTC'),
    count         SimpleAggregateFunction(sum, UInt64),
    errors        SimpleAggregateFunction(sum, UInt64),
    sum_ms        SimpleAggregateFunction(sum, Float64),
    min_ms        SimpleAggregateFunction(min, Float64),
    max_ms        SimpleAggregateFunction(max, Float64),
    zero_count    SimpleAggregateFunction(sum, UInt64),
    buckets       SimpleAggregateFunction(sumMap, Map(Int32, UInt64)),
    peak_inflight SimpleAggregateFunction(max, UInt32),
    inflight_ms   SimpleAggregateFunction(sum, Float64),
    users         AggregateFunction(uniqCombined64, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (tenant, service, operation, hour)
TTL hour + INTERVAL 400 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS service_hour_mv TO service_hour AS
SELECT
    tenant,
    service,
    operation,
    toStartOfHour(minute)           AS hour,
    sum(count)                      AS count,
    sum(errors)                     AS errors,
    sum(sum_ms)                     AS sum_ms,
    min(min_ms)                     AS min_ms,
    max(max_ms)                     AS max_ms,
    sum(zero_count)                 AS zero_count,
    sumMap(buckets)                 AS buckets,
    max(peak_inflight)              AS peak_inflight,
    sum(inflight_ms)                AS inflight_ms,
    uniqCombined64ArrayState(users) AS users
FROM service_minute
GROUP BY tenant, service, operation, hour;

CREATE TABLE IF NOT EXISTS service_day
(
    tenant        LowCardinality(String),
    service       LowCardinality(String),
    operation     String,
    day           Date,
    count         SimpleAggregateFunction(sum, UInt64),
    errors        SimpleAggregateFunction(sum, UInt64),
    sum_ms        SimpleAggregateFunction(sum, Float64),
    min_ms        SimpleAggregateFunction(min, Float64),
    max_ms        SimpleAggregateFunction(max, Float64),
    zero_count    SimpleAggregateFunction(sum, UInt64),
    buckets       SimpleAggregateFunction(sumMap, Map(Int32, UInt64)),
    peak_inflight SimpleAggregateFunction(max, UInt32),
    inflight_ms   SimpleAggregateFunction(sum, Float64),
    users         AggregateFunction(uniqCombined64, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (tenant, service, operation, day)
TTL day + INTERVAL 1825 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS service_day_mv TO service_day AS
SELECT
    tenant,
    service,
    operation,
    toDate(minute)                  AS day,
    sum(count)                      AS count,
    sum(errors)                     AS errors,
    sum(sum_ms)                     AS sum_ms,
    min(min_ms)                     AS min_ms,
    max(max_ms)                     AS max_ms,
    sum(zero_count)                 AS zero_count,
    sumMap(buckets)                 AS buckets,
    max(peak_inflight)              AS peak_inflight,
    sum(inflight_ms)                AS inflight_ms,
    uniqCombined64ArrayState(users) AS users
FROM service_minute
GROUP BY tenant, service, operation, day;
