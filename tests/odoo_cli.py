"""The ``odoo`` command line of the outside-in tests."""

import os


def odoo_command(database, addons_path, *args):
    """``odoo`` (or ``$ODOO_BIN``) on ``database`` of the test PostgreSQL, then ``args``."""
    return [
        os.environ.get("ODOO_BIN", "odoo"),
        f"--database={database}",
        f"--addons-path={addons_path}",
        f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
        f"--db_user={os.environ.get('PGUSER', 'root')}",
        "--log-level=warn",
        *args,
    ]
