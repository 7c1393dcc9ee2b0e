# Shared settings of the development scripts; sourced, not run.
#
# ODOO_VERSION picks the Odoo the scripts run on: 18.0 (default) or 19.0.
# ODOO_PYTHON is the Python that imports that Odoo: python3 for 18.0, the venv
# ${ODOO19_VENV:-/opt/odoo19/venv} for 19.0 (README.md, Prerequisites); ODOO_BIN is its
# `odoo` command (default: beside that Python, else on the PATH).
# On 19.0 the addon is first generated into build/19.0 by scripts/build_19.py.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_VERSION=${ODOO_VERSION:-18.0}
case "$ODOO_VERSION" in
18.0) ODOO_PYTHON=${ODOO_PYTHON:-python3} ;;
19.0) ODOO_PYTHON=${ODOO_PYTHON:-${ODOO19_VENV:-/opt/odoo19/venv}/bin/python} ;;
*)
    echo "ERROR: ODOO_VERSION must be 18.0 or 19.0, not '$ODOO_VERSION'." >&2
    exit 1
    ;;
esac
if ! "$ODOO_PYTHON" -c "import odoo.release as r, sys; sys.exit(r.serie != '$ODOO_VERSION')" \
    2>/dev/null; then
    echo "ERROR: Odoo $ODOO_VERSION is not importable as 'odoo' by $ODOO_PYTHON." >&2
    echo "Install Odoo $ODOO_VERSION from source first (README.md, Prerequisites), or point" >&2
    echo "ODOO_PYTHON (for 19.0 also ODOO19_VENV) at the Python that has it." >&2
    exit 1
fi
ODOO_PYTHON=$(command -v "$ODOO_PYTHON")
if [ -z "${ODOO_BIN:-}" ]; then
    ODOO_BIN=$(dirname "$ODOO_PYTHON")/odoo
    [ -x "$ODOO_BIN" ] || ODOO_BIN=$(command -v odoo)
fi
# Odoo's own addons (mail, hr, ...): beside the odoo package in a source install.
ODOO_ADDONS_PATH=${ODOO_ADDONS_PATH:-$("$ODOO_PYTHON" -c "import odoo.release as r, os; print(os.path.join(os.path.dirname(os.path.dirname(r.__file__)), 'addons'))")}
if [ "$ODOO_VERSION" = 18.0 ]; then
    ADDONS_ROOT=$ROOT
else
    ADDONS_ROOT=$ROOT/build/$ODOO_VERSION
    "$ODOO_PYTHON" "$ROOT/scripts/build_19.py" "$ADDONS_ROOT"
fi
ADDONS_PATH="$ODOO_ADDONS_PATH,$ADDONS_ROOT"
# OCA report_xlsx: installed by pip beside Odoo's addons, or in a folder of ODOO_ADDONS_PATH.
if ! "$ODOO_PYTHON" - "$ODOO_ADDONS_PATH" <<'PY'; then
import importlib.util, os, sys
paths = sys.argv[1].split(",")
sys.exit(not (importlib.util.find_spec("odoo.addons.report_xlsx")
              or any(os.path.isdir(os.path.join(p, "report_xlsx")) for p in paths)))
PY
    echo "ERROR: the OCA addon report_xlsx is missing for Odoo $ODOO_VERSION:" >&2
    echo "$ODOO_PYTHON -m pip install --no-deps -r requirements-$ODOO_VERSION.txt (README.md, Prerequisites)." >&2
    exit 1
fi
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-$(id -un)}
export PGHOST PGUSER ODOO_VERSION ODOO_PYTHON ODOO_BIN
DB_ARGS=(--db_host="$PGHOST" --db_user="$PGUSER")
# Demo data: Odoo 19.0 loads it only when asked (18.0 always does).
DEMO_ARGS=()
if [ "$ODOO_VERSION" != 18.0 ]; then
    DEMO_ARGS=(--with-demo)
fi

# Fail unless the demo data of sop_lakip is really in database $1: Odoo 19.0 logs
# "installed without demo data" when it fails and still exits 0.
check_demo() {
    local found
    found=$(psql -d "$1" -tAc "SELECT count(*) FROM ir_module_module m JOIN ir_model_data d
        ON d.module = m.name AND d.name = 'sop_demo_company_boalemo'
        WHERE m.name = 'sop_lakip' AND m.state = 'installed' AND m.demo")
    if [ "$found" != 1 ]; then
        echo "ERROR: sop_lakip is not installed with its demo data in $1 (Odoo $ODOO_VERSION);" >&2
        echo "the log above says why." >&2
        exit 1
    fi
}
