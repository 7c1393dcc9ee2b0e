#!/usr/bin/env bash
# Odoo with sop_lakip and its demo data on a local database, at http://localhost:8069.
# The database (default sop_lakip_demo, or SOP_DB) is created on the first run.
# ODOO_VERSION=19.0 serves the generated 19.0 variant (scripts/_env.sh).
source "$(dirname "$0")/_env.sh"
DB=${SOP_DB:-sop_lakip_demo}
INIT=()
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    INIT=(-i sop_lakip)
fi
exec "$ODOO_BIN" -d "$DB" --addons-path="$ADDONS_PATH" "${DB_ARGS[@]}" "${INIT[@]}" "${DEMO_ARGS[@]}" \
    --http-interface=127.0.0.1 --http-port="${SOP_PORT:-8069}" --db-filter="^$DB\$" "$@"
