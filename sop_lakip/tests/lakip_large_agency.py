"""A large agency's LAKIP, shared by the LKjIP tests and scripts/benchmark.py (which imports
it inside ``odoo shell``): nothing here needs the test framework."""

import io

import docx

from odoo import Command


def large_agency(env):
    """The LAKIP 2024 of a new agency: 3 strategic objectives of 15 indicators each,
    realised but for every 7th, and 25 programmes."""
    company = env["res.company"].create({"name": "Dinas Besar Uji"})
    department = env["hr.department"].create({"name": "Bidang Besar", "company_id": company.id})
    objectives = env["lakip.objective"].create(
        [{"name": f"Sasaran Besar {n}", "company_id": company.id, "sequence": n}
         for n in range(1, 4)]
    )  # fmt: skip
    indicators = env["lakip.indicator"].create(
        [{"name": f"Indikator Besar {o}.{n:02d} jumlah layanan yang diberikan",
          "company_id": company.id, "objective_id": objective.id, "uom": "%",
          "department_id": department.id, "sequence": n, "renstra_target": 90 if n % 2 else 0}
         for o, objective in enumerate(objectives, 1) for n in range(1, 16)]
    )  # fmt: skip
    targets = env["lakip.target"].create(
        [{"indicator_id": i.id, "year": 2024, "target": 80} for i in indicators]
    )
    env["lakip.realization"].create(
        [{"target_id": t.id, "quarter": "4", "value": 60 + n % 30}
         for n, t in enumerate(targets) if n % 7]
    )  # fmt: skip
    report = env["lakip.report"].create({"company_id": company.id, "year": 2024})
    report.budget_ids = [
        Command.create({"name": f"Layanan Besar {n:02d} penunjang urusan pemerintahan",
                        "budget": 100000000 + n * 1000000, "spent": 90000000 + n * 500000,
                        "objective_id": objectives[n % 3].id})
        for n in range(1, 26)
    ]  # fmt: skip
    return report


def bare_docx(tables):
    """A bare python-docx loop writing the cells of ``tables`` (lists of rows): the yardstick
    of the LKjIP's .docx."""
    document = docx.Document()
    for rows in tables:
        table = document.add_table(rows=1, cols=len(rows[0]))
        for cell, value in zip(table.rows[0].cells, rows[0], strict=True):
            cell.text = value
        for values in rows[1:]:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    document.save(io.BytesIO())
