#!/usr/bin/env bash
# Export the addon's terms from database $1 (sop_lakip installed, on Odoo 18.0) and bring
# sop_lakip.pot and id.po in line with them (scripts/i18n_sync.py). A second argument is a
# JSON file of new translations {"English": "Indonesian"}.
source "$(dirname "$0")/_env.sh"
DB=${1:?usage: scripts/i18n_sync.sh DATABASE [TRANSLATIONS.json]}
EXPORT=$(mktemp --suffix=.pot)
trap 'rm -f "$EXPORT"' EXIT
"$ODOO_BIN" -d "$DB" --addons-path="$ADDONS_PATH" "${DB_ARGS[@]}" --no-http \
    --i18n-export="$EXPORT" --modules=sop_lakip --stop-after-init --log-level=warn
"$ODOO_PYTHON" "$ROOT/scripts/i18n_sync.py" "$EXPORT" "${@:2}"
