#!/usr/bin/env bash
# Lint, then every test (browser tours and the outside-in server tests included)
# on a fresh database with the demo data.
# Odoo 18.0 by default; ODOO_VERSION=19.0 (or --odoo 19.0 as first arguments) runs the
# generated 19.0 variant on the Odoo of ODOO_PYTHON (scripts/_env.sh). SOP_LINT=0 leaves
# out the lint, for a second version's run of the same tree (.ci/run lints once).
if [ "${1:-}" = --odoo ]; then
    export ODOO_VERSION=$2
    shift 2
fi
source "$(dirname "$0")/_env.sh"
cd "$ROOT"
DB=${SOP_TEST_DB:-sop_lakip_test}

if [ "${SOP_LINT:-1}" != 0 ]; then
    # .pre-commit-config.yaml: OCA's checks as local hooks (ruff, pylint-odoo, the XML,
    # manifest and .po checks, README.rst from readme/); nothing to clone, no network.
    echo "== lint"
    pre-commit run --all-files --show-diff-on-failure
fi

echo "== Odoo $ODOO_VERSION ($ODOO_PYTHON): fresh database $DB"
dropdb --if-exists "$DB"
rm -rf "${HOME}/.local/share/Odoo/filestore/$DB"
"$ODOO_BIN" -d "$DB" --addons-path="$ADDONS_PATH" "${DB_ARGS[@]}" -i sop_lakip \
    "${DEMO_ARGS[@]}" --stop-after-init --log-level=warn
check_demo "$DB"
# As Odoo's own test runner does before its browser tests: the asset bundles are built
# once here, not inside the first tour, whose page must be ready within 60 s.
echo "env['ir.qweb']._pregenerate_assets_bundles(); env.cr.commit()" |
    "$ODOO_BIN" shell -d "$DB" --addons-path="$ADDONS_PATH" "${DB_ARGS[@]}" --no-http \
        --log-level=warn

echo "== tests"
export SOP_TEST_DB="$DB" SOP_ADDONS_PATH="$ADDONS_PATH"
"$ODOO_PYTHON" -m pytest -p no:cacheprovider --odoo-database="$DB" \
    --odoo-addons-path="$ADDONS_PATH" --odoo-http --odoo-extra=db_host="$PGHOST" \
    --odoo-extra=db_user="$PGUSER" "$@" "$ADDONS_ROOT/sop_lakip/tests" tests
