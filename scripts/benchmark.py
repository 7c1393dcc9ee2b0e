"""Benchmark figures, one per line; run through scripts/benchmark.sh (inside ``odoo shell``).

Each operation of the addon is measured beside Odoo's own comparable operation, or a bare
loop doing the same file work, in the same run; the ``*_ratio`` lines are what count (the
targets are in README.md, Benchmarks). The samples of the two sides alternate and each
figure is their median, in queries, wall-clock ms and this process's CPU ms (``cpu_ms``).
Everything happens in one transaction that is rolled back at the end. SOP_BENCH_RUNS (default 10000) caps the runs in the database.
SOP_BENCH_ONLY names the parts to run (``steps lakip sop_import monitoring lkjip``; all by default).
"""

import io
import os
import tracemalloc

import docx
import xlsxwriter
from bench_data import (
    emit,
    emit_pair,
    fill_all,
    lakip_unit,
    measure,
    paired,
    undone,
)
from openpyxl import load_workbook

from odoo import SUPERUSER_ID, api

from odoo.addons.sop_lakip.tests.lakip_large_agency import bare_docx, large_agency
from odoo.addons.sop_lakip.tests.sop_workbook import sop_workbook

SAMPLES = 10
SLOW_SAMPLES = 5  # the files
START_SAMPLES = 15  # the 50 starts: one start is short, its median needs more samples
IMPORT_SAMPLES = 7  # an import of 100 rows is short: with 3, its median moved by 0.3
PDF_SAMPLES = 3  # a PDF takes seconds
CHUNK = 2000


class Runs:
    """Runs of the demo LAKIP SOP, created and started as the Kasubag."""

    def __init__(self, env):
        self.env = env
        self.sop = env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
        self.kasubag = env.ref("sop_lakip.sop_demo_boalemo_user_kasubag")

    def new(self, count, started=False):
        runs = (
            self.env["sop.instance"]
            .with_user(self.kasubag)
            .create(
                [
                    {
                        "name": f"Bench {i}",
                        "document_id": self.sop.id,
                        "company_id": self.sop.company_id.id,
                    }
                    for i in range(count)
                ]
            )
        )
        if started:
            runs.action_start()
        return runs

    def open_step(self, run):
        """The open step of ``run``, as its assignee, and how to complete it: what the web
        client sends when the assignee presses the step's button (Yes or No at a decision)."""
        item = run.workitem_ids.filtered(lambda w: w.state == "open")
        item = item.with_user(item.user_id)
        if item.symbol == "decision":
            return lambda: item._complete("no", "ulang")
        return item.action_done

    def advance(self, run):
        """Complete the open step of ``run`` as its assignee."""
        self.open_step(run)()


def odoo_advance(runs, next_user):
    """Odoo's own step advance on a plain record (a draft run, as in the tests): a to-do
    marked done with feedback and the next one scheduled (``action_feedback`` +
    ``activity_schedule``), as the Kasubag; one warm-up, then a function per sample. Each
    to-do is looked up before its sample, as each of our steps is (``ours_advance``)."""
    records = runs.new(SAMPLES + 1)
    for record in records:
        record.activity_schedule(
            "mail.mail_activity_data_todo", summary="Odoo", user_id=runs.kasubag.id
        )

    def advance(record, activity):
        activity.action_feedback(feedback="Selesai")
        record.activity_schedule(
            "mail.mail_activity_data_todo", summary="Odoo next", user_id=next_user.id
        )

    pairs = [(record, record.activity_ids) for record in records]
    advance(*pairs[0])
    return [lambda p=p: advance(*p) for p in pairs[1:]]


def ours_advance(runs, started):
    """Our step advance of each run of ``started``, the first one a warm-up; the open step
    of each run is looked up before its sample: the web client sends its id."""
    presses = [runs.open_step(run) for run in started]
    presses[0]()
    return presses[1:]


def steps(env):
    runs = Runs(env)
    next_user = runs.sop.company_id.sop_head_id.user_id
    runs.new(1, started=True)  # warm the caches
    existing = 1
    cap = int(os.environ.get("SOP_BENCH_RUNS", "10000"))
    for target in [t for t in (1, 100, 1000, 10000) if t <= cap]:
        while existing < target:
            batch = min(CHUNK, target - existing)
            runs.new(batch, started=True)
            existing += batch
            env.flush_all()
            env.invalidate_all()
        ours = ours_advance(runs, runs.new(SAMPLES + 1, started=True))
        theirs = odoo_advance(runs, next_user)
        emit_pair(f"advance_step_with_{target}_runs", *paired(env, ours, theirs))
    busy = runs.new(SAMPLES + 1, started=True)
    for run in busy:
        while len(run.workitem_ids) < 100:
            runs.advance(run)
    ours = ours_advance(runs, busy)
    theirs = odoo_advance(runs, next_user)
    emit_pair("advance_step_after_100_steps", *paired(env, ours, theirs))

    batches = [runs.new(50) for _i in range(START_SAMPLES)]
    singles = runs.new(START_SAMPLES)
    fifty, one = paired(
        env, [batch.action_start for batch in batches], [run.action_start for run in singles]
    )
    emit_pair("start_50_runs_in_one_call_vs_one_start", fifty, one)

    # For scale, Odoo's own batch on plain records: a to-do scheduled on 50 draft runs in
    # one call (``activity_schedule``, one ``create``) against on one, with the context a
    # start schedules its steps in (no "assigned to you" e-mail per activity).
    def schedule(records):
        records = records.with_context(mail_activity_quick_update=True)
        return lambda: records.activity_schedule(
            "mail.mail_activity_data_todo", summary="Odoo", user_id=next_user.id
        )

    batches = [runs.new(50) for _i in range(START_SAMPLES)]
    singles = runs.new(START_SAMPLES)
    fifty, one = paired(env, [schedule(b) for b in batches], [schedule(r) for r in singles])
    emit_pair("odoo_schedule_50_activities_in_one_call_vs_one", fifty, one)


# ----------------------------------------------------------------------
# Files: ours against a bare xlsxwriter loop over the same cells
# ----------------------------------------------------------------------
def cell_style(cell):
    """The xlsxwriter format properties of an openpyxl ``cell``."""
    props = {}
    if cell.font.b:
        props["bold"] = True
    if cell.font.i:
        props["italic"] = True
    if cell.font.sz and cell.font.sz != 11:
        props["font_size"] = cell.font.sz
    if cell.fill.fill_type == "solid":
        props["bg_color"] = "#" + str(cell.fill.fgColor.rgb)[-6:]
    if cell.border.left.style:
        props["border"] = 1
    if cell.number_format != "General":
        props["num_format"] = cell.number_format
    if not cell.protection.locked:
        props["locked"] = False
    if cell.alignment.wrap_text:
        props["text_wrap"] = True
    if cell.alignment.horizontal:
        props["align"] = cell.alignment.horizontal
    if cell.alignment.vertical:
        props["valign"] = {"center": "vcenter"}.get(
            cell.alignment.vertical, cell.alignment.vertical
        )
    return tuple(sorted(props.items()))


def cells_of(data):
    """Every sheet of the file ``data``: its name, column widths and styled cells."""
    book = load_workbook(io.BytesIO(data))
    sheets = []
    for sheet in book.worksheets:
        widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items() if dim.width}
        cells = [
            (cell.row - 1, cell.column - 1, cell.value, cell_style(cell))
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None or cell.has_style
        ]
        sheets.append((sheet.title, len(widths), cells))
    return sheets


def bare_xlsx(sheets, options):
    """The bare loop: the same cells, formats and column widths, written by xlsxwriter."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, options)
    formats = {}
    for name, columns, cells in sheets:
        sheet = workbook.add_worksheet(name)
        for col in range(columns):
            sheet.set_column(col, col, 12)
        for row, col, value, style in cells:
            if style not in formats:
                formats[style] = workbook.add_format(dict(style))
            fmt = formats[style]
            if value is None:
                sheet.write_blank(row, col, None, fmt)
            elif isinstance(value, str):
                sheet.write_string(row, col, value, fmt)
            elif isinstance(value, (int, float)):
                sheet.write_number(row, col, value, fmt)
            else:
                sheet.write_datetime(row, col, value, fmt)
    workbook.close()
    return output.getvalue()


def file_pair(env, name, ours, options):
    """Emit ``ours`` (a function returning the file) against the bare loop of its cells."""
    sheets = cells_of(ours())
    bare = [lambda: bare_xlsx(sheets, options)] * SLOW_SAMPLES
    emit_pair(name, *paired(env, [ours] * SLOW_SAMPLES, bare))


def peak_mb(func):
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def bare_import(env, sheet, data):
    """Reading ``data`` with openpyxl read-only, then one batched create/write of its values."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = list(book["Kertas Kerja"].iter_rows(min_row=8, values_only=True))
    book.close()
    targets = sheet.target_ids
    targets.realization_ids.unlink()
    env["lakip.realization"].create(
        [
            {"target_id": row[0], "quarter": str(q), "value": row[5 + q]}
            for row in rows
            for q in range(1, 5)
            if row[5 + q] is not None
        ]
    )
    by_text = {}
    for row in rows:
        by_text.setdefault(row[10], []).append(row[0])
    for text, ids in by_text.items():
        targets.browse(ids).write({"analysis": text or False})


def lakip_sheets(env, company, kasubag, year):
    """A LAKIP report of ``year`` sent out, and its worksheets of 100, 1000 and 5000 rows,
    as the Kasubag, by row count."""
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
    return report, sheets


def lakip(env):
    company = env.ref("sop_lakip.sop_demo_company_boalemo")
    kasubag = env.ref("sop_lakip.sop_demo_boalemo_user_kasubag")
    report, sheets = lakip_sheets(env, company, kasubag, 2031)
    constant = {"constant_memory": True}
    for count in (1000, 5000):
        file_pair(env, f"export_worksheet_{count}_rows", sheets[count]._export_xlsx, constant)
        env.invalidate_all()
        emit(f"export_worksheet_{count}_rows_peak_mb", peak_mb(sheets[count]._export_xlsx))
    for count in (100, 1000):
        sheet = sheets[count]
        data = fill_all(sheet._export_xlsx())
        figures = paired(
            env,
            [lambda s=sheet, d=data: s._import_xlsx(d, "kk.xlsx")] * IMPORT_SAMPLES,
            [lambda s=sheet, d=data: bare_import(env, s, d)] * IMPORT_SAMPLES,
            sample=lambda func: undone(env, lambda f=func: measure(env, f)),
        )
        emit_pair(f"import_worksheet_{count}_rows", *figures)
    Report = env["ir.actions.report"].with_user(kasubag)
    count = len(report.target_ids)
    file_pair(
        env,
        f"capaian_table_xlsx_{count}_rows",
        lambda: Report._render_xlsx("sop_lakip.lakip_capaian_xlsx", report.ids, None)[0],
        constant,
    )
    env["sop.document"].create(
        [
            {"name": f"SOP Uji {i}", "number": f"UJI/{i}", "company_id": company.id}
            for i in range(500)
        ]
    )
    documents = env["sop.document"].with_user(kasubag).search([])
    file_pair(
        env,
        f"register_xlsx_{len(documents)}_sops",
        lambda: Report._render_xlsx("sop_lakip.sop_register_xlsx", documents.ids, None)[0],
        {},
    )


def sop_import(env):
    """Import a workbook of 100 SOPs (the Boalemo Penyusunan LAKIP, 11 steps, renumbered),
    against Odoo's own batched create of the same SOPs."""
    sop = env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
    kasubag = env.ref("sop_lakip.sop_demo_boalemo_user_kasubag")
    data = sop_workbook(sop, [f"BENCH/{index}/2024" for index in range(100)])
    Document = env["sop.document"].with_user(kasubag).with_company(sop.company_id)
    vals_list = [
        {
            "name": sop.name,
            "number": f"ODOO/{index}/2024",
            "company_id": sop.company_id.id,
            "department_id": sop.department_id.id,
            "column_ids": [
                (0, 0, {"name": c.name, "role_ids": [(6, 0, c.role_ids.ids)]})
                for c in sop.column_ids
            ],
            "line_ids": [
                (0, 0, {"section": line.section, "name": line.name}) for line in sop.line_ids
            ],
            "step_ids": [
                (0, 0, {"name": s.name, "role_id": s.role_id.id, "symbol": s.symbol})
                for s in sop.step_ids
            ],
        }
        for index in range(100)
    ]
    queries, ms, _cpu = measure(env, lambda: Document.create(vals_list))
    emit("odoo_create_100_sops_queries", queries)
    emit("odoo_create_100_sops_ms", ms)
    queries, ms, _cpu = measure(env, lambda: Document._import_xlsx(data, "bench.xlsx"))
    emit("import_100_sops_queries", queries)
    emit("import_100_sops_ms", ms)


def monitoring_runs(env, documents, steps, user, count, start):
    """``count`` finished runs spread over ``documents``, four steps each, from ``start``:
    inserted in SQL, as only the monitoring's reading of them is measured."""
    cr = env.cr
    cr.execute(
        """INSERT INTO sop_instance (name, document_id, company_id, state, date_start,
                                     date_done, year, create_uid, write_uid)
           SELECT 'Bench ' || n, (%(docs)s)[1 + n %% array_length(%(docs)s, 1)], %(company)s,
                  'done', %(start)s, %(start)s, 2031, 1, 1
             FROM generate_series(1, %(count)s) n RETURNING id""",
        {"docs": documents.ids, "company": documents.company_id.id, "start": start, "count": count},
    )
    run_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """INSERT INTO sop_workitem (instance_id, company_id, document_id, step_id, user_id,
                                     state, outcome, date_start, date_done, duration_standard,
                                     duration_actual, duration_ratio, within_standard)
           SELECT i.id, i.company_id, i.document_id, (%(steps)s)[s], %(user)s, 'done',
                  CASE WHEN s = 3 AND i.id %% 5 = 0 THEN 'no' ELSE 'done' END,
                  i.date_start, i.date_start, 1.0, (i.id %% 3) * 0.6, (i.id %% 3) * 0.6,
                  (i.id %% 3) * 0.6 <= 1.0
             FROM sop_instance i, generate_series(1, 4) s WHERE i.id = ANY(%(runs)s)""",
        {"steps": steps.ids[:4], "user": user.id, "runs": run_ids},
    )
    env.invalidate_all()


def monitoring(env):
    """Prefill the monitoring of 200 SOPs in force over 200, then 10,000 runs."""
    company = env.ref("sop_lakip.sop_demo_company_boalemo")
    kasubag = env.ref("sop_lakip.sop_demo_boalemo_user_kasubag")
    template = env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
    in_force = env["sop.document"].search(
        [("company_id", "=", company.id), ("state", "=", "approved")]
    )
    created = env["sop.document"].create(
        [{"name": f"SOP Uji {i}", "company_id": company.id} for i in range(200 - len(in_force))]
    )
    env.flush_all()
    env.cr.execute("UPDATE sop_document SET state = 'approved' WHERE id = ANY(%s)", [created.ids])
    documents = in_force | created
    Monitoring = env["sop.monitoring"].with_user(kasubag)
    periods = {200: ("2030-07-01", "2030-12-31"), 10000: ("2031-01-01", "2031-06-30")}
    for count, (date_from, _date_to) in periods.items():
        monitoring_runs(env, documents, template.step_ids, kasubag, count, f"{date_from} 02:00")
    warm = Monitoring.create(
        {"company_id": company.id, "date_from": "2030-01-01", "date_to": "2030-06-30"}
    )
    measure(env, warm.action_prepare_lines)
    for count, (date_from, date_to) in periods.items():
        record = Monitoring.create(
            {"company_id": company.id, "date_from": date_from, "date_to": date_to}
        )
        queries, ms, _cpu = measure(env, record.action_prepare_lines)
        emit(f"monitoring_prefill_200_sops_{count}_runs_queries", queries)
        emit(f"monitoring_prefill_200_sops_{count}_runs_ms", ms)


def lkjip(env):
    """The LKjIP of a large agency: its PDF beside Odoo's own QWeb PDF of as many table rows
    (the technical reference of the module whose fields, one row each, are nearest in
    number),
    its .docx beside a bare python-docx loop of the same cells. The PDF loads its assets
    from the server benchmark.sh starts (SOP_BENCH_REPORT_URL), as the web client's does."""
    url = os.environ.get("SOP_BENCH_REPORT_URL")
    if url:
        env["ir.config_parameter"].sudo().set_param("report.url", url)
        # the report assets as files the server finds: made and committed apart from the
        # benchmark's transaction, which is rolled back
        with env.registry.cursor() as cr:
            base = api.Environment(cr, SUPERUSER_ID, {})
            base["ir.actions.report"]._render_qweb_html(
                "base.ir_module_reference_print", base.ref("base.module_base").ids
            )
    report = large_agency(env)
    report.action_prefill_narrative()
    rows = 2 * 45 + 2 * 45 + 3 * 25 + 3 + 9  # capaian twice, PK, budgets, summaries
    counts = env["ir.model.data"]._read_group(
        [("model", "=", "ir.model.fields")], ["module"], ["__count"]
    )
    # (one module only: wkhtmltopdf fails on the reference of two, "unknown error")
    name, fields_count = min(counts, key=lambda c: abs(c[1] - rows))
    module = env["ir.module.module"].search([("name", "=", name)])
    emit("lkjip_table_rows", rows)
    emit("lkjip_odoo_reference_rows", fields_count)
    Report = env["ir.actions.report"].with_context(force_report_rendering=True)

    def ours():
        return Report._render_qweb_pdf("sop_lakip.report_lakip_lkjip", report.ids)

    def theirs():
        return Report._render_qweb_pdf("base.ir_module_reference_print", module.ids)

    ours(), theirs()  # warm: templates compiled, assets built
    emit_pair("lkjip_pdf", *paired(env, [ours] * PDF_SAMPLES, [theirs] * PDF_SAMPLES))
    build = env["report.sop_lakip.lkjip_docx"]._build
    written = docx.Document(io.BytesIO(build(report)))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in written.tables]
    emit("lkjip_docx_cells", sum(len(row) for rows in tables for row in rows))
    figures = paired(
        env,
        [lambda: build(report)] * SLOW_SAMPLES,
        [lambda: bare_docx(tables)] * SLOW_SAMPLES,
    )
    emit_pair("lkjip_docx", *figures)


PARTS = {"steps": steps, "lakip": lakip, "sop_import": sop_import, "monitoring": monitoring,
         "lkjip": lkjip}  # fmt: skip
ONLY = os.environ.get("SOP_BENCH_ONLY", "").split()  # e.g. "lkjip": those parts only
try:
    for part_name, part in PARTS.items():
        if not ONLY or part_name in ONLY:
            part(env)  # noqa: F821 - provided by odoo shell
finally:
    env.cr.rollback()  # noqa: F821
