"""Installed as agencies install OCA addons: ``pip install`` of the addon's wheel.

The wheel is built with OCA's build backend whool from the addon of the Odoo version
under test (18.0: ``sop_lakip/``; 19.0: the generated ``build/19.0/sop_lakip``). A new
virtual environment sees this Python's Odoo and its libraries, but not the addon's
folder; the wheel goes into it with ``pip install --no-index`` (every dependency must
already be there), its ``odoo`` installs the addon from the wheel into a fresh database
with the demo data, and a server of that environment prints an SOP and has a run's
first step done, over HTTP and XML-RPC.
"""

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from odoo_cli import free_port, odoo_command, running_server, server_args
from outside_client import Client

import odoo.release


def _run(*command, **kwargs):
    """Run ``command``; on failure, fail the test with its output."""
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode:
        pytest.fail(f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@pytest.fixture(scope="module")
def wheel_install(tmp_path_factory):
    """The built wheel, installed in a new environment and into a new database."""
    addons_path = os.environ.get("SOP_ADDONS_PATH")
    database = os.environ.get("SOP_TEST_DB")
    if not (addons_path and database):
        pytest.fail("Run the suite through scripts/test.sh: SOP_ADDONS_PATH is not set.")
    *odoo_addons, addon_root = addons_path.split(",")
    tmp = tmp_path_factory.mktemp("wheel")
    # Built from a copy: whool packs what git tracks, and the 19.0 build is not tracked.
    source = tmp / "src" / "sop_lakip"
    shutil.copytree(
        Path(addon_root) / "sop_lakip", source, ignore=shutil.ignore_patterns("__pycache__")
    )
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", tmp / "dist", source)  # fmt: skip
    [wheel] = (tmp / "dist").glob("odoo_addon_sop_lakip-*.whl")

    venv.create(tmp / "venv", with_pip=True)
    python = tmp / "venv" / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    # This Python's site directories (Odoo, its libraries, report_xlsx), their .pth
    # files included: the environment an agency's Odoo runs in.
    Path(purelib.strip(), "odoo_base.pth").write_text(
        "import site; "
        + "; ".join(f"site.addsitedir({path!r})" for path in site.getsitepackages())
        + "\n"
    )
    _run(python, "-m", "pip", "install", "--no-index", "--no-cache-dir", "-q", wheel)
    where = _run(python, "-c", "import odoo.addons.sop_lakip as a; print(a.__file__)")
    assert where.startswith(purelib.strip()), f"sop_lakip imported from {where}"

    wheel_db = f"{database}_wheel"
    _run("dropdb", "--if-exists", wheel_db)
    demo = [] if odoo.release.serie == "18.0" else ["--with-demo"]
    # That environment's Odoo (python -m odoo), with Odoo's own addons only.
    command = [str(python), "-m", "odoo", *odoo_command(wheel_db, ",".join(odoo_addons))[1:]]
    _run(*command, "-i", "sop_lakip", *demo, "--stop-after-init")
    yield {"python": python, "command": command, "db": wheel_db, "wheel": wheel}
    _run("dropdb", "--if-exists", wheel_db)


def test_wheel_names_its_odoo_and_dependencies(wheel_install):
    """The wheel says which Odoo series it is for and what it needs, from the manifest."""
    metadata = _run(
        wheel_install["python"], "-c",
        "import importlib.metadata as m; print(m.metadata('odoo-addon-sop_lakip'))",
    )  # fmt: skip
    serie = odoo.release.serie
    assert f"Version: {serie}." in metadata
    assert f"Requires-Dist: odoo=={serie}.*" in metadata
    assert f"Requires-Dist: odoo-addon-report_xlsx=={serie}.*" in metadata


def test_installed_from_the_wheel_prints_and_runs(wheel_install):
    """A server of the wheel's environment: the Kasubag prints an approved SOP, runs it,
    and the first step's assignee does his step from his inbox."""
    port = free_port()
    command = wheel_install["command"] + server_args(wheel_install["db"], port)
    with running_server(command, wheel_install["db"], port) as server:
        kasubag = Client(server, "kasubag.boalemo")
        [sop] = kasubag(
            "sop.document",
            "search_read",
            [("state", "=", "approved"), ("step_ids", "!=", False)],
            fields=["name"],
            limit=1,
        )
        pdf = kasubag.get(f"/report/pdf/sop_lakip.report_sop/{sop['id']}")
        assert pdf.startswith(b"%PDF")
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "NAMA SOP" in text and sop["name"].upper().split()[0] in text
        action = kasubag("sop.document", "action_create_instance", [sop["id"]])
        run = action["res_id"]
        kasubag("sop.instance", "action_start", [run])
        admin = Client(server, "admin", "admin")
        [item] = admin(
            "sop.workitem",
            "search_read",
            [("instance_id", "=", run), ("state", "=", "open")],
            fields=["user_id"],
            limit=1,
        )
        [assignee] = admin("res.users", "read", [item["user_id"][0]], fields=["login"])
        user = Client(server, assignee["login"])
        [activity] = user(
            "mail.activity",
            "search_read",
            [("sop_workitem_id", "=", item["id"]), ("user_id", "=", user.uid)],
            fields=["id"],
        )
        user("mail.activity", "action_feedback", [activity["id"]], "Selesai dari wheel.")
        [done] = admin("sop.workitem", "read", [item["id"]], fields=["state", "done_by_id"])
        assert (done["state"], done["done_by_id"][0]) == ("done", user.uid)
