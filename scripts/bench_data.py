"""LAKIP data that both benchmarks create, imported by benchmark.py and load_setup.py.

They run inside ``odoo shell``, read from standard input: benchmark.sh and
load_benchmark.py put this folder on PYTHONPATH for them.
"""

import io

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
