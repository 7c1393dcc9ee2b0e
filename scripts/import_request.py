"""How long the Import button's HTTP request of a big SOP workbook takes, in the request and
in the background, on a running Odoo (scripts/serve.sh) with the demo data.

    python3 scripts/import_request.py --url http://127.0.0.1:8069 --db sop_lakip_demo

It builds a workbook of ``--sops`` copies of Boalemo's Penyusunan LAKIP SOP (as the
benchmark does: it reads the database directly, so give the addons path the server has),
then, as kasubag.boalemo, presses Import in the wizard twice: with the system parameter
``sop_lakip.import_background_from`` above the count (the import done in the request, as
before the background import existed), then at its default (the request queues a job; the
job's progress is read every second until it ends). The parameter is set as admin and
removed afterwards; the imported drafts are deleted. Prints one figure a line.
"""

import argparse
import base64
import sys
import time
from pathlib import Path

from load_benchmark import Client

PARAM = "sop_lakip.import_background_from"


def build_workbook(args):
    """The workbook of ``args.sops`` SOPs, numbered REQ/<mode>/<i>/2024 later on import."""
    import odoo  # noqa: PLC0415 - only here the script reads the database
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(
        ["-d", args.db, "--addons-path", args.addons_path, "--db_host", args.db_host,
         "--db_user", args.db_user]
    )  # fmt: skip
    from odoo.addons.sop_lakip.tests.sop_workbook import sop_workbook  # noqa: PLC0415

    with Registry(args.db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        sop = env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
        books = {
            mode: sop_workbook(sop, [f"REQ/{mode}/{i}/2024" for i in range(args.sops)])
            for mode in ("request", "background")
        }
        cr.rollback()
    return books


def press_import(client, data):
    """The wizard as the web client drives it: create with the file, then Import."""
    wizard = client.call(
        "sop.document.import.wizard",
        "create",
        [{"file": base64.b64encode(data).decode(), "filename": "big.xlsx"}],
    )
    start = time.perf_counter()
    action = client.call("sop.document.import.wizard", "action_import", wizard)
    return action, time.perf_counter() - start


def wait_for_job(client, job_id, started):
    """Read the job every second until it ends; print its progress."""
    while True:
        [job] = client.call(
            "sop.import.job", "read", [job_id], ["state", "progress_done", "progress_total"]
        )
        elapsed = time.perf_counter() - started
        print(f"job_progress {elapsed:.1f}s {job['state']} "
              f"{job['progress_done']}/{job['progress_total']}", flush=True)  # fmt: skip
        if job["state"] in ("done", "failed"):
            return job, elapsed
        time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--sops", type=int, default=150)
    root = Path(__file__).resolve().parent.parent
    parser.add_argument("--addons-path", default=f"/opt/odoo18/src/addons,{root}")
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-user", default="root")
    args = parser.parse_args()
    books = build_workbook(args)
    print(f"workbook_bytes {len(books['request'])}")
    admin = Client(args.url, args.db, "admin")
    kasubag = Client(args.url, args.db, "kasubag.boalemo")
    # What an interrupted run left.
    created = kasubag.call("sop.document", "search", [("number", "=like", "REQ/%")])
    try:
        admin.call("ir.config_parameter", "set_param", PARAM, str(args.sops + 1))
        action, seconds = press_import(kasubag, books["request"])
        print(f"request_import_{args.sops}_sops_s {seconds:.2f}")
        # With a note (the approval rows of the file are not imported) the SOPs come next.
        action = action.get("params", {}).get("next", action)
        created += kasubag.call("sop.document", "search", action["domain"])
        admin.call("ir.config_parameter", "set_param", PARAM, False)
        started = time.perf_counter()
        action, seconds = press_import(kasubag, books["background"])
        print(f"background_request_{args.sops}_sops_s {seconds:.2f}")
        job_id = action["params"]["next"]["res_id"]
        job, elapsed = wait_for_job(kasubag, job_id, started)
        print(f"background_job_{args.sops}_sops_s {elapsed:.1f} ({job['state']})")
        [job] = kasubag.call("sop.import.job", "read", [job_id], ["document_ids"])
        created += job["document_ids"]
    finally:
        admin.call("ir.config_parameter", "set_param", PARAM, False)
        if created:
            kasubag.call("sop.document", "unlink", created)
    return 0


if __name__ == "__main__":
    sys.exit(main())
