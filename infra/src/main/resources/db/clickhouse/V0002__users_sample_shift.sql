-- Distinct users above core's cap (65 536 per service-minute) are stored as a uniform hash sample:
-- the streams job keeps only the hashes whose top `users_sample_shift` bits are zero (ADR 0002).
-- This migration records that shift per minute row and its maximum per rollup row, so that readers
-- can tell a sampled count from a complete one and, on minute rows, correct it: at the range's
-- maximum shift s, count the hashes whose top s bits are zero and multiply by 2^s.
--
-- V0001 stays as applied (its checksum is recorded). Every statement is re-runnable.
--
-- The views are changed with ALTER TABLE ... MODIFY QUERY rather than DROP + CREATE, which ClickHouse
-- documents as changing the query "without interrupting ingestion": with DROP + CREATE, an insert
-- into service_minute between the two statements (a sink of another process during a rolling
-- upgrade) would never reach the rollups. MODIFY QUERY left the experimental stage at the end of
-- 2023 (ClickHouse pull request 57311, which also makes the view's column list follow the new
-- query); older servers need allow_experimental_alter_materialized_view_structure = 1. A view keeps
-- its TO table, so the rollup rows written so far stay, with users_sample_shift = 0.

ALTER TABLE service_minute
    ADD COLUMN IF NOT EXISTS users_sample_shift UInt8 DEFAULT 0 AFTER users;

ALTER TABLE service_hour
    ADD COLUMN IF NOT EXISTS users_sample_shift SimpleAggregateFunction(max, UInt8) DEFAULT 0 AFTER users;

ALTER TABLE service_day
    ADD COLUMN IF NOT EXISTS users_sample_shift SimpleAggregateFunction(max, UInt8) DEFAULT 0 AFTER users;

ALTER TABLE service_hour_mv MODIFY QUERY
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
    uniqCombined64ArrayState(users) AS users,
    max(users_sample_shift)         AS users_sample_shift
FROM service_minute
GROUP BY tenant, service, operation, hour;

ALTER TABLE service_day_mv MODIFY QUERY
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
    uniqCombined64ArrayState(users) AS users,
    max(users_sample_shift)         AS users_sample_shift
FROM service_minute
GROUP BY tenant, service, operation, day;
