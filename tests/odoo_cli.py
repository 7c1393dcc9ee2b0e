"""The ``odoo`` command line of the outside-in tests, and a server started with it."""

import contextlib
import os
import socket
import subprocess
import tempfile
import time
import xmlrpc.client

import pytest


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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_args(database, port):
    """The arguments of a test server: this host only, this database only, no cron."""
    return [
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--db-filter=^{database}$",
        "--no-database-list",
        "--max-cron-threads=0",
    ]


@contextlib.contextmanager
def running_server(command, database, port, env=None):
    """Run ``command`` (an Odoo server on ``port``) until the block ends; yield its
    ``{"url", "db"}`` once it answers XML-RPC."""
    # Its log goes to a file: a pipe nobody reads fills up and blocks the server.
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True, env=env)
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
