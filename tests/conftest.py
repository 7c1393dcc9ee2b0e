"""Fixtures for the outside-in tests: a real Odoo server, driven over HTTP."""

import os

import pytest
from odoo_cli import free_port, odoo_command, running_server, server_args


@pytest.fixture(scope="session")
def odoo_server():
    """Start ``odoo`` (or ``$ODOO_BIN``) on 127.0.0.1 against the test database; yield its URL."""
    database = os.environ.get("SOP_TEST_DB")
    addons_path = os.environ.get("SOP_ADDONS_PATH")
    if not (database and addons_path):
        pytest.fail(
            "Run the suite through scripts/test.sh: SOP_TEST_DB and SOP_ADDONS_PATH are not set."
        )
    port = free_port()
    command = odoo_command(database, addons_path, *server_args(database, port))
    with running_server(command, database, port) as server:
        yield server
