-- Entropy alerts (module `alerts`, ADRs 0020–0024): deploy markers, rules and silences managed
-- through the API, and the alert history. Every table is a ReplacingMergeTree read with FINAL, so
-- a row written twice (a consumer re-reading after a crash, a retried request) counts once.

-- Deploy markers from telemetry.deploys.v1 (contract v1), for suspect deploys and dashboards. The
-- sink stores each marker's Kafka position and resumes after the highest stored one; the key
-- (service, at, version) makes a marker sent twice one row.
CREATE TABLE IF NOT EXISTS deploys
(
    service          LowCardinality(String),
    version          String,
    at               DateTime64(6, 'UTC'),
    source_partition UInt32,
    source_offset    UInt64,
    inserted_at      DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY (service, at, version)
TTL toDateTime(at) + INTERVAL 400 DAY;

-- Rules created through /api/v1/rules: the canonical JSON of the rule schema. The newest version
-- of a rule wins; a deletion is a version with deleted = 1.
CREATE TABLE IF NOT EXISTS alert_rules
(
    rule_id    String,
    version    UInt64,
    body       String,
    deleted    UInt8,
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY rule_id;

-- Silences created through /api/v1/silences, likewise.
CREATE TABLE IF NOT EXISTS alert_silences
(
    silence_id String,
    version    UInt64,
    body       String,
    deleted    UInt8,
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY silence_id;

-- Alert history: every state change published on alerts.events.v1 (payload = the event's
-- canonical JSON, exact decimals), keyed by its event id, which is stable across replays.
CREATE TABLE IF NOT EXISTS alert_events
(
    alert_id         String,
    event_id         String,
    rule_id          String,
    fingerprint      String,
    state            LowCardinality(String),
    at               DateTime64(3, 'UTC'),
    starts_at        DateTime64(3, 'UTC'),
    tenant           String,
    service          String,
    payload          String,
    source_partition UInt32,
    source_offset    UInt64,
    inserted_at      DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY (alert_id, event_id)
TTL toDateTime(at) + INTERVAL 400 DAY;
