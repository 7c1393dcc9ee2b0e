"""Fixtures for the outside-in tests: a real Odoo server, driven over HTTP."""

import os
import socket
import subprocess
import tempfile
import time
import xmlrpc.client

import pytest
from odoo_cli import odoo_command


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def odoo_server():
    """Start ``odoo`` (or ``$ODOO_BIN``) on 127.0.0.1 against the test database; yield its URL."""
    database = os.environ.get("SOP_TEST_DB")
    addons_path = os.environ.get("SOP_ADDONS_PATH")
    if not (database and addons_path):
        pytest.fail(
            "Run the suite through scripts/test.sh: SOP_TEST_DB and SOP_ADDONS_PATH are not set."
        )
    port = _free_port()
    command = odoo_command(
        database,
        addons_path,
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--db-filter=^{database}$",
        "--no-database-list",
        "--max-cron-threads=0",
    )
    # Its log goes to a file: a pipe nobody reads fills up and blocks the server.
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                common.version()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read()
                    pytest.fail(f"Odoo did not start on {url}:\n{output}")
                time.sleep(0.5)
        yield {"url": url, "db": database}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
