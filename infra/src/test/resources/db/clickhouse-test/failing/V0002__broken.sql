-- A comment; with a semicolon.
CREATE TABLE IF NOT EXISTS kept (s String DEFAULT 'a;b', n UInt8) ENGINE = MergeTree ORDER BY n;
/* a block comment; also with a semicolon */
CREATE TABLE broken (x UInt8 ENGINE = Memory;
CREATE TABLE never_reached (x UInt8) ENGINE = Memory;
