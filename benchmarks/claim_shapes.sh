#!/usr/bin/env bash
# The claim's SQL shapes on PostgreSQL with and without a FIFO backlog: how long the claim of
# webhooks without settings takes to read its due rows (the part of the claim statement that walks
# an index), how long the probe for gated webhooks takes, and, for comparison, the due read had
# gated deliveries stayed in the one index of pending deliveries (filtered out row by row).
# Each figure is the median execution time of 40 EXPLAIN ANALYZE runs in one session.
#
# Usage: benchmarks/claim_shapes.sh POSTGRES_ADMIN_URL [HOOKLINE_BINARY]
#   e.g. benchmarks/claim_shapes.sh postgres://postgres@127.0.0.1:55432/postgres .build/debug/hookline
# It creates a database on that server (migrated by starting the binary with --no-delivery), fills it
# with 20,000 due deliveries over 50 hosts and a FIFO webhook with 30,000 due deliveries, prints the
# figures, and drops the database.
set -euo pipefail
admin_url=${1:?usage: benchmarks/claim_shapes.sh POSTGRES_ADMIN_URL [HOOKLINE_BINARY]}
binary=${2:-.build/debug/hookline}
database=hookline_claim_shapes_$$
base=${admin_url%/*}
url="$base/$database"
psql "$admin_url" -qc "CREATE DATABASE $database"
work=$(mktemp -d)
cleanup() {
    [[ -n ${server:-} ]] && kill "$server" 2>/dev/null || true
    psql "$admin_url" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
    rm -rf "$work"
}
trap cleanup EXIT

"$binary" serve --port 0 --database "$url" --admin-token claim-shapes-admin-token-0123456789 --no-delivery \
    >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 600); do grep -q "Hookline listening on" "$work/serve.log" && break; sleep 0.1; done
kill "$server"; wait "$server" 2>/dev/null || true; server=

psql "$url" -q <<'SQL'
INSERT INTO stores (store_hash, created_at) VALUES ('b', 1);
INSERT INTO api_accounts (client_id, store_hash, name, client_secret, token_hash, created_at) VALUES ('c', 'b', 'n', 's', 't', 1);
INSERT INTO hooks (store_hash, client_id, scope, destination, status, events_history_enabled, created_at, updated_at)
SELECT 'b', 'c', 'store/order/created', 'https://h' || g || '.example/x', 'active', false, 1, 1 FROM generate_series(1, 50) g;
INSERT INTO hooks (store_hash, client_id, scope, destination, status, events_history_enabled, created_at, updated_at, ordering)
VALUES ('b', 'c', 'store/order/updated', 'https://fifo.example/x', 'active', false, 1, 1, 'fifo');
INSERT INTO events (store_hash, event_id, scope, payload, created_at, accepted_at, delivery_count)
SELECT 'b', 'e' || g, 'store/order/created', '{}', 1, 1, 1 FROM generate_series(1, 30000) g;
INSERT INTO deliveries (event_seq, hook_id, store_hash, client_id, host, state, next_attempt_at, created_at, updated_at)
SELECT g, 1 + g % 50, 'b', 'c', 'h' || (1 + g % 50) || '.example', 'pending', 1000000 + g, 1, 1 FROM generate_series(1, 20000) g;
ANALYZE;
SQL

cat >"$work/free.sql" <<'SQL'
BEGIN;
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT id, host, next_attempt_at FROM deliveries
WHERE state = 'pending' AND NOT hook_limited AND next_attempt_at <= 9000000000 AND host <> ALL('{}'::text[])
ORDER BY next_attempt_at LIMIT 400 FOR UPDATE SKIP LOCKED;
ROLLBACK;
SQL
cat >"$work/filtered.sql" <<'SQL'
BEGIN;
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT id, host, next_attempt_at FROM deliveries
WHERE state = 'pending' AND next_attempt_at <= 9000000000 AND host <> ALL('{}'::text[]) AND hook_id <> ALL('{51}'::bigint[])
ORDER BY next_attempt_at LIMIT 400 FOR UPDATE SKIP LOCKED;
ROLLBACK;
SQL
cat >"$work/probe.sql" <<'SQL'
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
WITH RECURSIVE limited(hook_id) AS (
    SELECT (SELECT hook_id FROM deliveries WHERE state = 'pending' AND hook_limited ORDER BY hook_id, event_seq LIMIT 1)
    UNION ALL
    SELECT (SELECT d.hook_id FROM deliveries d WHERE d.state = 'pending' AND d.hook_limited AND d.hook_id > limited.hook_id
            ORDER BY d.hook_id, d.event_seq LIMIT 1)
    FROM limited WHERE limited.hook_id IS NOT NULL
)
SELECT l.hook_id, h.status, h.ordering, h.max_per_second, h.max_in_flight
FROM limited l LEFT JOIN hooks h ON h.id = l.hook_id WHERE l.hook_id IS NOT NULL ORDER BY l.hook_id;
SQL
median() {
    for _ in $(seq 40); do cat "$1"; done | psql "$url" -At | awk '/Execution Time/ {print $3}' | sort -n |
        awk '{a[NR] = $1} END {print a[int(NR / 2) + 1]}'
}

printf '| case | due read of the other webhooks (ms) | probe for gated webhooks (ms) |\n|---|---|---|\n'
printf '| no gated deliveries | %s | %s |\n' "$(median "$work/free.sql")" "$(median "$work/probe.sql")"
psql "$url" -q <<'SQL'
INSERT INTO deliveries (event_seq, hook_id, store_hash, client_id, host, state, next_attempt_at, created_at, updated_at, hook_limited)
SELECT g, 51, 'b', 'c', 'fifo.example', 'pending', g, 1, 1, true FROM generate_series(1, 30000) g;
ANALYZE;
SQL
printf '| a FIFO webhook with 30,000 due deliveries | %s | %s |\n' "$(median "$work/free.sql")" "$(median "$work/probe.sql")"
psql "$url" -qc "CREATE INDEX all_pending_due ON deliveries(next_attempt_at) WHERE state = 'pending'"
psql "$url" -qc "ANALYZE deliveries"
printf '| the same, had they stayed in one index of all pending deliveries (filtered) | %s | |\n' "$(median "$work/filtered.sql")"
