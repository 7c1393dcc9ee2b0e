#!/usr/bin/env bash
# Benchmark figures, one per line (queries and milliseconds). Uses a database with the
# demo data (default sop_lakip_bench, or SOP_BENCH_DB), created on the first run and
# brought up to date with the code on later runs.
#
# --province DB: the same figures on DB at a province's scale, then the province's own
# (scripts/province_benchmark.py). DB is created on the first run: the addon with its demo
# data, then scripts/province_data.py (its scale: SOP_PROVINCE_* variables, README
# Benchmarks); a later run goes on with the pemda not made yet and updates the code.
source "$(dirname "$0")/_env.sh"
DB=${SOP_BENCH_DB:-sop_lakip_bench}
province=
if [ "${1:-}" = --province ]; then
    DB=${2:?--province needs a database name}
    province=1
fi
mode=-u
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    mode=-i
fi
"$ODOO_BIN" -d "$DB" --addons-path="$ADDONS_PATH" "${DB_ARGS[@]}" "$mode" sop_lakip "${DEMO_ARGS[@]}" \
    --stop-after-init --log-level=warn
# The PDFs load their CSS from a server, as the web client's do: one on SOP_BENCH_PORT
# (default 8069) for the time of the run.
PORT=${SOP_BENCH_PORT:-8069}
"$ODOO_BIN" -d "$DB" --addons-path="$ADDONS_PATH" "${DB_ARGS[@]}" --http-port="$PORT" \
    --max-cron-threads=0 --log-level=warn >"${SOP_BENCH_SERVER_LOG:-/dev/null}" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$PORT/web/login" >/dev/null && break
    sleep 1
done
# one static file first: the server reads the manifests then, before the PDFs' parallel
# requests (a first read in parallel threads can fail on Python 3.11's ast)
curl -sf "http://127.0.0.1:$PORT/web/static/img/favicon.ico" >/dev/null || true
export SOP_BENCH_REPORT_URL="http://127.0.0.1:$PORT"
# The scripts import bench_data.py beside them.
export PYTHONPATH="$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}"
shell() {
    "$ODOO_BIN" shell -d "$DB" --addons-path="$ADDONS_PATH" "${DB_ARGS[@]}" --log-level=warn \
        --no-http <"$1"
}
if [ -n "$province" ]; then
    check_demo "$DB"
    shell "$ROOT/scripts/province_data.py"
fi
status=0
output=$(shell "$ROOT/scripts/benchmark.py" 2>&1) || status=$?
if [ -n "$province" ] && [ "$status" -eq 0 ]; then
    output+=$'\n'$(shell "$ROOT/scripts/province_benchmark.py" 2>&1) || status=$?
fi
grep -E '^[a-z0-9_]+ [0-9.]+$' <<<"$output" || true
if [ "$status" -ne 0 ] || grep -q Traceback <<<"$output"; then
    echo "$output" >&2
    exit 1
fi
