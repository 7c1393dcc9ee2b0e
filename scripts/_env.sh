# Shared settings of the development scripts; sourced, not run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! python3 -c "import odoo.release as r; assert r.version_info[:2] == (18, 0)" 2>/dev/null; then
    echo "ERROR: Odoo 18.0 is not importable as 'odoo' by python3." >&2
    echo "Install Odoo 18.0 from source first (see README.md, Prerequisites)." >&2
    exit 1
fi
# Odoo's own addons (mail, hr, ...): beside the odoo package in a source install.
ODOO_ADDONS_PATH=${ODOO_ADDONS_PATH:-$(python3 -c "import odoo, os; print(os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), 'addons'))")}
ADDONS_PATH="$ODOO_ADDONS_PATH,$ROOT"
# OCA report_xlsx: installed by pip beside Odoo's addons, or in a folder of ODOO_ADDONS_PATH.
if ! python3 - "$ODOO_ADDONS_PATH" <<'PY'; then
import importlib.util, os, sys
paths = sys.argv[1].split(",")
sys.exit(not (importlib.util.find_spec("odoo.addons.report_xlsx")
              or any(os.path.isdir(os.path.join(p, "report_xlsx")) for p in paths)))
PY
    echo "ERROR: the OCA addon report_xlsx is missing: pip install -r requirements.txt" >&2
    echo "(README.md, Prerequisites)." >&2
    exit 1
fi
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-$(id -un)}
export PGHOST PGUSER
DB_ARGS=(--db_host="$PGHOST" --db_user="$PGUSER")
