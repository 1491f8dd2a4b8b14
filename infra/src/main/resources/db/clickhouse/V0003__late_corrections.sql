-- Late events are corrections, not drops (ADR 0011). An event whose minute the streams job has
-- already written is counted in a *correction row* of that minute: its own row, identified by
-- `correction` (the minute of the job's clock in which its late events arrived; 0 for the row
-- written when the minute closed). Readers add a minute's rows up (counts, sums, sumMap of the
-- buckets, min/max, users) and the rollup views, which fire on insert, count every correction row
-- once, so every resolution answers as if the late events had been on time.
--
-- `correction` joins the sorting key: ReplacingMergeTree (read with FINAL) would otherwise collapse
-- a minute's correction rows into one. A column used in a new sorting-key expression must be added
-- in the same ALTER and without a DEFAULT expression (ClickHouse: "Newly added column ... has a
-- default expression, so adding expressions that use it to the sorting key is forbidden"); a
-- UInt32 column defaults to 0 anyway, which is what rows written before this migration are.
-- Re-running the statement is a no-op (IF NOT EXISTS, and the same key).
--
-- Peak in flight: a correction's requests were measured apart from the minute's other requests, so
-- the minute's peak is only known to be at most the sum of the parts' peaks. The sink stores, on a
-- correction row, that bound for the whole minute so far, and `peak_exact = 0` when it may exceed
-- the true peak; max(peak_inflight) then stays right in every table, and min(peak_exact) says
-- whether a point's peak is exact.
--
-- Rollups count the correction rows and the late requests they hold (`corrections`,
-- `late_count`), so a point can say that it includes late corrections.
--
-- V0001 and V0002 stay as applied. Every statement is re-runnable; views change with
-- ALTER TABLE ... MODIFY QUERY (see V0002 for why not DROP + CREATE).

ALTER TABLE service_minute
    ADD COLUMN IF NOT EXISTS correction UInt32 AFTER users_sample_shift,
    MODIFY ORDER BY (tenant, service, operation, minute, correction);

ALTER TABLE service_minute
    ADD COLUMN IF NOT EXISTS peak_exact UInt8 DEFAULT 1 AFTER correction;

ALTER TABLE service_hour
    ADD COLUMN IF NOT EXISTS corrections SimpleAggregateFunction(sum, UInt64) DEFAULT 0 AFTER users_sample_shift,
    ADD COLUMN IF NOT EXISTS late_count SimpleAggregateFunction(sum, UInt64) DEFAULT 0 AFTER corrections,
    ADD COLUMN IF NOT EXISTS peak_exact SimpleAggregateFunction(min, UInt8) DEFAULT 1 AFTER late_count;

ALTER TABLE service_day
    ADD COLUMN IF NOT EXISTS corrections SimpleAggregateFunction(sum, UInt64) DEFAULT 0 AFTER users_sample_shift,
    ADD COLUMN IF NOT EXISTS late_count SimpleAggregateFunction(sum, UInt64) DEFAULT 0 AFTER corrections,
    ADD COLUMN IF NOT EXISTS peak_exact SimpleAggregateFunction(min, UInt8) DEFAULT 1 AFTER late_count;

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
    max(users_sample_shift)         AS users_sample_shift,
    countIf(correction > 0)         AS corrections,
    sumIf(service_minute.count, correction > 0) AS late_count,
    min(peak_exact)                 AS peak_exact
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
    max(users_sample_shift)         AS users_sample_shift,
    countIf(correction > 0)         AS corrections,
    sumIf(service_minute.count, correction > 0) AS late_count,
    min(peak_exact)                 AS peak_exact
FROM service_minute
GROUP BY tenant, service, operation, day;
