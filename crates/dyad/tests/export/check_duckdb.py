"""Reads a `dyad export --format parquet` directory with DuckDB and checks
types and counts. Usage: check_duckdb.py OUT EVENTS MENTIONS DATED
(the expected event count, mention count and events with a date).
Prints what it read; exits non-zero on a mismatch."""

import sys

import duckdb

out, events, mentions, dated = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
con = duckdb.connect()
con.execute(
    f"CREATE VIEW ev AS SELECT * FROM read_parquet('{out}/**/*.parquet', hive_partitioning=true)"
)
types = {name: kind for name, kind, *_ in con.execute("DESCRIBE ev").fetchall()}
expect = {
    "date": "DATE",
    "event_id": "BIGINT",
    "event_date": "DATE",
    "goldstein": "DOUBLE",
    "quad_class": "INTEGER",
    "num_mentions": "BIGINT",
    "num_sources": "BIGINT",
    "lat": "DOUBLE",
    "lon": "DOUBLE",
    "first_seen": "DATE",
}
for name, kind in expect.items():
    assert types.get(name) == kind, f"{name}: {types.get(name)} != {kind}"
assert types["mentions"].startswith("STRUCT(") and types["mentions"].endswith("[]"), types["mentions"]

n, = con.execute("SELECT count(*) FROM ev").fetchone()
assert n == events, f"{n} events, expected {events}"
m, = con.execute("SELECT count(*) FROM (SELECT unnest(mentions) FROM ev)").fetchone()
assert m == mentions, f"{m} mentions, expected {mentions}"
s, = con.execute("SELECT sum(num_mentions) FROM ev").fetchone()
assert s == mentions, f"sum(num_mentions) {s}, expected {mentions}"
d, = con.execute("SELECT count(*) FROM ev WHERE date IS NOT NULL").fetchone()
assert d == dated, f"{d} dated events, expected {dated}"
bad, = con.execute("SELECT count(*) FROM ev WHERE date IS DISTINCT FROM event_date").fetchone()
assert bad == 0, f"{bad} rows whose partition is not their event_date"
per_day = con.execute("SELECT date, count(*) FROM ev GROUP BY date ORDER BY date NULLS LAST").fetchall()
print("duckdb", duckdb.__version__, "ok:", n, "events,", m, "mentions, per day", per_day)
