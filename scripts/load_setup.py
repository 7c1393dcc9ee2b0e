"""Data of the load benchmark, and its check afterwards; run inside ``odoo shell``.

LOAD_MODE=setup creates the users (password = login), their started runs and a sent
worksheet with a filled file, commits, and writes the plan to LOAD_PLAN (JSON).
LOAD_MODE=check reads the plan and what the clients saw (LOAD_RESULT) and prints
``check_<name> <value>`` lines: every figure but the completions must be 0.
"""

import base64
import json
import math
import os

from bench_data import fill_all, lakip_unit

from odoo import Command

PREFIX = "Load run"
GROUPS = {
    "staff": "sop_lakip.group_sop_staff",
    "kasubag": "sop_lakip.group_sop_kasubag",
    "secretary": "sop_lakip.group_sop_secretary",
}


def make_user(env, company, login, level, department=None):
    """A user of ``level`` in ``company`` (password = login), with an employee record."""
    user = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nosubscribe=True)
        .create(
            {
                "name": login.replace(".", " ").title(),
                "login": login,
                "email": f"{login}@example.com",
                "password": login,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.set([env.ref(GROUPS[level]).id])],
                "tz": "Asia/Makassar",
            }
        )
    )
    env["hr.employee"].create(
        {
            "name": user.name,
            "user_id": user.id,
            "company_id": company.id,
            "department_id": department.id if department else False,
        }
    )
    return user


def started_runs(kasubag, sop, user, count, label):
    """``count`` runs of ``sop`` whose every role is held by ``user``, started by ``kasubag``."""
    runs = (
        kasubag.env["sop.instance"]
        .with_user(kasubag)
        .create(
            [
                {
                    "name": f"{PREFIX} {label} {i}",
                    "document_id": sop.id,
                    "company_id": sop.company_id.id,
                }
                for i in range(count)
            ]
        )
    )
    employee = kasubag.env["hr.employee"].search([("user_id", "=", user.id)])
    runs.holder_ids.write({"employee_id": employee.ensure_one().id})
    runs.action_start()
    return runs.ids


def worksheet_for(kasubag, company, importer_unit, year):
    """The sent worksheet of ``importer_unit`` (its indicators have targets for ``year``),
    and its filled file."""
    env = kasubag.env
    others = env["lakip.indicator"].search(
        [("company_id", "=", company.id), ("department_id", "!=", importer_unit.id)]
    )
    env["lakip.target"].create(
        [{"indicator_id": i.id, "year": year, "target": 10, "target_max": 20} for i in others]
    )
    report = env["lakip.report"].create({"company_id": company.id, "year": year})
    report.with_user(kasubag).action_send_worksheets()
    sheet = report.worksheet_ids.filtered(lambda w: w.department_id == importer_unit)
    return sheet, fill_all(sheet._export_xlsx())


def setup(env, plan_path):
    users, levels, loops = (int(os.environ[k]) for k in ("LOAD_USERS", "LOAD_LEVELS", "LOAD_LOOPS"))
    sop = env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
    company = sop.company_id
    steps = len(sop.step_ids)
    # Three quarters of a user's completions are on its own runs, one on its pair's.
    own = math.ceil(loops * levels * 3 / 4 / steps) + 1
    shared = math.ceil(loops * levels / 4 / steps) + 1
    rows = int(os.environ.get("LOAD_IMPORT_ROWS", "200"))
    unit = lakip_unit(env, company, "Bidang Beban", rows, 2031)
    plan = {"users": [], "document_id": sop.id}
    kasubag = make_user(env, company, "load.kasubag", "kasubag", unit)
    for i in range(users):
        # Pairs: a staff member and a Sekretaris, who may complete the staff member's steps.
        level = "secretary" if i % 2 else "staff"
        user = make_user(env, company, f"load.user{i}", level, unit)
        plan["users"].append(
            {"login": user.login, "uid": user.id, "runs": started_runs(kasubag, sop, user, own, i)}
        )
    for i in range(0, users - 1, 2):
        holder = env["res.users"].browse(plan["users"][i]["uid"])
        runs = started_runs(kasubag, sop, holder, shared, f"pair {i}")
        plan["users"][i]["race_runs"] = plan["users"][i + 1]["race_runs"] = runs
    importer = make_user(env, company, "load.staff", "staff", unit)
    sheet, data = worksheet_for(kasubag, company, unit, 2031)
    plan["kasubag"] = {"login": kasubag.login}
    plan["importer"] = {
        "login": importer.login,
        "worksheet_id": sheet.id,
        "rows": rows,
        "file": base64.b64encode(data).decode(),
    }
    env.cr.commit()
    with open(plan_path, "w", encoding="utf-8") as out:
        json.dump(plan, out)


def count(env, query, *args):
    env.cr.execute(query, args)
    return env.cr.fetchone()[0]


def check(env, result_path):
    """Print what must be 0 after the load: lost, doubled or orphaned steps and activities."""
    with open(result_path, encoding="utf-8") as result_file:
        result = json.load(result_file)
    runs = "(SELECT id FROM sop_instance WHERE name LIKE %s)"
    like = f"{PREFIX}%"
    figures = {
        # a running run always has a step to do
        "running_runs_without_open_step": count(
            env,
            f"SELECT count(*) FROM sop_instance i WHERE i.id IN {runs} AND i.state = 'running' "
            "AND NOT EXISTS (SELECT 1 FROM sop_workitem w WHERE w.instance_id = i.id "
            "AND w.state = 'open')",
            like,
        ),
        "open_steps_without_one_activity": count(
            env,
            f"SELECT count(*) FROM sop_workitem w WHERE w.instance_id IN {runs} "
            "AND w.state = 'open' AND (SELECT count(*) FROM mail_activity a "
            "WHERE a.sop_workitem_id = w.id) != 1",
            like,
        ),
        "closed_steps_with_activity": count(
            env,
            "SELECT count(*) FROM sop_workitem w JOIN mail_activity a "
            "ON a.sop_workitem_id = w.id WHERE w.state != 'open'",
        ),
        # no run takes a No here: a step done twice, or open twice, is a duplicate
        "steps_duplicated": count(
            env,
            "SELECT count(*) FROM (SELECT instance_id, step_id FROM sop_workitem "
            f"WHERE instance_id IN {runs} AND state != 'cancelled' "
            "GROUP BY instance_id, step_id HAVING count(*) > 1) d",
            like,
        ),
        "started_runs_without_step": count(
            env,
            "SELECT count(*) FROM sop_instance i WHERE i.state != 'draft' AND NOT EXISTS "
            "(SELECT 1 FROM sop_workitem w WHERE w.instance_id = i.id)",
        ),
        "letters_numbered_twice": count(
            env,
            "SELECT count(*) FROM (SELECT kind_id, serial_year, serial FROM sop_letter "
            "WHERE serial IS NOT NULL GROUP BY 1, 2, 3 HAVING count(*) > 1) d",
        ),
    }
    done = count(
        env,
        f"SELECT count(*) FROM sop_workitem WHERE instance_id IN {runs} AND state = 'done'",
        like,
    )
    # each completion the clients saw succeed is one step done, and no other step is done
    figures["steps_done_not_seen_by_clients"] = done - result["completions"]
    figures["steps_completed_by_clients"] = result["completions"]
    for name, value in figures.items():
        print(f"check_{name} {value}", flush=True)


MODE = os.environ["LOAD_MODE"]
if MODE == "setup":
    setup(env, os.environ["LOAD_PLAN"])  # noqa: F821 - provided by odoo shell
else:
    check(env, os.environ["LOAD_RESULT"])  # noqa: F821
