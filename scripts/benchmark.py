"""Benchmark figures, one per line; run through scripts/benchmark.sh (inside ``odoo shell``).

Everything happens in one transaction that is rolled back at the end.
"""

import io
import time
import tracemalloc

from openpyxl import load_workbook

SAMPLES = 10


def measure(env, func):
    """Return (queries, milliseconds) of ``func`` as one request would pay them."""
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    func()
    env.flush_all()
    return env.cr.sql_log_count - queries, (time.perf_counter() - start) * 1000


def mean_of(env, funcs):
    figures = [measure(env, func) for func in funcs]
    return (
        sum(q for q, _ms in figures) / len(figures),
        sum(ms for _q, ms in figures) / len(figures),
    )


def emit(name, value):
    print(f"{name} {value:.1f}", flush=True)


def main(env):
    sop = env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
    kasubag = env.ref("sop_lakip.sop_demo_boalemo_user_kasubag")
    Instance = env["sop.instance"].with_user(kasubag)

    def new_runs(count):
        return Instance.create(
            [
                {"name": f"Bench {i}", "document_id": sop.id, "company_id": sop.company_id.id}
                for i in range(count)
            ]
        )

    new_runs(1).action_start()  # warm the caches
    existing = 1
    for target in (1, 100, 1000):
        if target > existing:
            new_runs(target - existing).action_start()
            existing = target
        runs = new_runs(SAMPLES)
        runs.action_start()
        items = [run.workitem_ids for run in runs]
        queries, ms = mean_of(
            env, [lambda item=item: item.with_user(item.user_id).action_done() for item in items]
        )
        emit(f"advance_step_queries_with_{target}_runs", queries)
        emit(f"advance_step_ms_with_{target}_runs", ms)

    partners = env["res.partner"].create(
        [{"name": f"Benchmark partner {i}"} for i in range(SAMPLES + 1)]
    )
    user = sop.company_id.sop_head_id.user_id
    activities = env["mail.activity"].create(
        [
            {
                "res_model_id": env["ir.model"]._get_id("res.partner"),
                "res_id": partner.id,
                "user_id": user.id,
                "activity_type_id": env.ref("mail.mail_activity_data_todo").id,
                "summary": f"Plain activity {i}",
            }
            for i, partner in enumerate(partners)
        ]
    )
    activities[0].with_user(user).action_feedback("warm")
    queries, ms = mean_of(
        env,
        [
            lambda a=activity: a.with_user(user).action_feedback("done")
            for activity in activities[1:]
        ],
    )
    emit("odoo_action_feedback_queries", queries)
    emit("odoo_action_feedback_ms", ms)

    batch = new_runs(50)
    queries, ms = measure(env, batch.action_start)
    emit("start_50_runs_in_one_call_queries", queries)
    emit("start_50_runs_in_one_call_ms", ms)
    singles = new_runs(50)
    queries, ms = measure(env, lambda: [run.action_start() for run in singles])
    emit("start_50_runs_one_by_one_queries", queries)
    emit("start_50_runs_one_by_one_ms", ms)


def lakip_unit(env, company, name, count, year):
    """A unit with ``count`` indicators and their targets for ``year``; its worksheet, sent."""
    unit = env["hr.department"].create({"name": name, "company_id": company.id})
    indicators = env["lakip.indicator"].create(
        [
            {
                "name": f"Indikator kinerja {name} nomor {i}",
                "company_id": company.id,
                "department_id": unit.id,
                "uom": "%",
            }
            for i in range(count)
        ]
    )
    env["lakip.target"].create(
        [{"indicator_id": ind.id, "year": year, "target": 50 + i % 50}
         for i, ind in enumerate(indicators)]
    )  # fmt: skip
    return unit


def peak_mb(func):
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def fill_all(data):
    book = load_workbook(io.BytesIO(data))
    sheet = book["Kertas Kerja"]
    for row in range(8, sheet.max_row + 1):
        for col in range(7, 11):
            sheet.cell(row, col).value = row % 90 + col
        sheet.cell(row, 11).value = "Tercapai sesuai rencana" if row % 3 else None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def lakip(env):
    company = env.ref("sop_lakip.sop_demo_company_boalemo")
    kasubag = env.ref("sop_lakip.sop_demo_boalemo_user_kasubag")
    year = 2031
    units = {
        count: lakip_unit(env, company, f"Bidang Uji {count}", count, year)
        for count in (100, 1000, 5000)
    }
    others = env["lakip.indicator"].search(
        [
            ("company_id", "=", company.id),
            ("department_id", "not in", [u.id for u in units.values()]),
        ]
    )
    env["lakip.target"].create(
        [{"indicator_id": i.id, "year": year, "target": 10, "target_max": 20} for i in others]
    )
    report = env["lakip.report"].create({"company_id": company.id, "year": year})
    report.with_user(kasubag).action_send_worksheets()
    sheets = {
        count: report.worksheet_ids.filtered(lambda w, u=unit: w.department_id == u).with_user(
            kasubag
        )
        for count, unit in units.items()
    }
    for count in (1000, 5000):
        queries, ms = measure(env, sheets[count]._export_xlsx)
        emit(f"export_worksheet_{count}_rows_queries", queries)
        emit(f"export_worksheet_{count}_rows_ms", ms)
        env.invalidate_all()
        emit(f"export_worksheet_{count}_rows_peak_mb", peak_mb(sheets[count]._export_xlsx))
    for count in (100, 1000):
        data = fill_all(sheets[count]._export_xlsx())
        queries, ms = measure(env, lambda s=sheets[count], d=data: s._import_xlsx(d, "kk.xlsx"))
        emit(f"import_worksheet_{count}_rows_queries", queries)
        emit(f"import_worksheet_{count}_rows_ms", ms)
    count = len(report.target_ids)
    reports = env["ir.actions.report"].with_user(kasubag)
    queries, ms = measure(
        env,
        lambda: reports._render_xlsx(
            "sop_lakip.action_report_lakip_capaian_xlsx", report.ids, None
        ),
    )
    emit(f"capaian_table_xlsx_{count}_rows_queries", queries)
    emit(f"capaian_table_xlsx_{count}_rows_ms", ms)


try:
    main(env)  # noqa: F821 - provided by odoo shell
    lakip(env)  # noqa: F821  # noqa: F821 - provided by odoo shell
finally:
    env.cr.rollback()  # noqa: F821
