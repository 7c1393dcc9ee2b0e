#!/usr/bin/env bash
# Load benchmark on a multi-worker Odoo (see scripts/load_benchmark.py; --short for a quick
# run, --help for the options). Uses the databases sop_lakip_load (or SOP_LOAD_DB, dropped
# and copied afresh each run) and its template <db>_tpl with the demo data (or
# SOP_LOAD_TEMPLATE), installed on the first run and updated to the code on later ones.
source "$(dirname "$0")/_env.sh"
export ADDONS_PATH
exec python3 "$ROOT/scripts/load_benchmark.py" "$@"
