#!/usr/bin/env bash
# Lint, then every test (browser tours and the outside-in server tests included)
# on a fresh database with the demo data.
source "$(dirname "$0")/_env.sh"
cd "$ROOT"
DB=${SOP_TEST_DB:-sop_lakip_test}

echo "== lint"
ruff check .
ruff format --check .
pylint --rcfile=.pylintrc sop_lakip tests

echo "== fresh database $DB"
dropdb --if-exists "$DB"
rm -rf "${HOME}/.local/share/Odoo/filestore/$DB"
odoo -d "$DB" --addons-path="$ADDONS_PATH" "${DB_ARGS[@]}" -i sop_lakip \
    --stop-after-init --log-level=warn

echo "== tests"
export SOP_TEST_DB="$DB" SOP_ADDONS_PATH="$ADDONS_PATH"
python3 -m pytest -p no:cacheprovider --odoo-database="$DB" --odoo-addons-path="$ADDONS_PATH" \
    --odoo-http --odoo-extra=db_host="$PGHOST" --odoo-extra=db_user="$PGUSER" \
    "$@" sop_lakip/tests tests
