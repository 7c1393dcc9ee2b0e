"""LAKIP data that the benchmarks create and how the in-process ones measure, imported by
benchmark.py, province_benchmark.py and load_setup.py.

They run inside ``odoo shell``, read from standard input: benchmark.sh and
load_benchmark.py put this folder on PYTHONPATH for them.
"""

import io
import statistics
import time

from openpyxl import load_workbook


def lakip_unit(env, company, name, count, year):
    """A unit with ``count`` indicators and their targets for ``year``."""
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


def fill_all(data):
    """The exported worksheet ``data`` with every quarter and analysis cell filled."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["Kertas Kerja"]
    for row in range(8, sheet.max_row + 1):
        for col in range(7, 11):
            sheet.cell(row, col).value = row % 90 + col
        sheet.cell(row, 11).value = "Tercapai sesuai rencana" if row % 3 else None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------
# Measuring (benchmark.py, province_benchmark.py)
# ----------------------------------------------------------------------
def measure(env, func):
    """Return (queries, wall-clock ms, CPU ms) of ``func`` as one request would pay them.

    The CPU time is this process's (``time.process_time``): PostgreSQL's own work is not in
    it, the query count covers that.
    """
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start, cpu = time.perf_counter(), time.process_time()
    func()
    env.flush_all()
    return (
        env.cr.sql_log_count - queries,
        (time.perf_counter() - start) * 1000,
        (time.process_time() - cpu) * 1000,
    )


def paired(env, ours, theirs, sample=None):
    """The medians of (queries, ms, CPU ms) of the functions ``ours`` and ``theirs``.

    Their samples alternate (ours, theirs, ours, theirs, ...): a busy moment of the machine
    falls on both sides, and the median drops the sample it spoilt.
    """
    sample = sample or (lambda func: measure(env, func))
    mine, other = [], []
    for our, their in zip(ours, theirs, strict=True):
        mine.append(sample(our))
        other.append(sample(their))
    return medians(mine), medians(other)


def medians(figures):
    return tuple(statistics.median(column) for column in zip(*figures, strict=True))


def undone(env, func):
    """Run ``func`` and undo what it wrote; return its result."""
    savepoint = env.cr.savepoint()
    try:
        return func()
    finally:
        savepoint.close(rollback=True)
        env.invalidate_all()


def emit(name, value):
    print(f"{name} {value:.2f}" if value < 10 else f"{name} {value:.1f}", flush=True)


def emit_pair(name, ours, odoo):
    """Our (queries, ms, CPU ms), the comparison's, and their ratios."""
    units = ("queries", "ms", "cpu_ms")
    for unit, mine, theirs in zip(units, ours, odoo, strict=True):
        emit(f"{name}_{unit}", mine)
        if theirs:  # a bare file loop makes no query: nothing to compare
            emit(f"{name}_odoo_{unit}", theirs)
            emit(f"{name}_ratio_{unit}", mine / theirs)


def busiest_agency(env, start, end):
    """The agency with the most work items started in [start, end): a province's agencies
    ran their SOPs at different times (scripts/province_data.py)."""
    groups = env["sop.workitem"]._read_group(
        [("date_start", ">=", start), ("date_start", "<", end)],
        ["company_id"],
        ["__count"],
        order="__count desc",
        limit=1,
    )
    return groups[0][0]
