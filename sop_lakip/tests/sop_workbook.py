"""SOP workbooks made of copies of one SOP, shared by the import tests and the scripts that
time an import (scripts/benchmark.py, scripts/import_request.py): nothing here needs the
test framework."""

import io

import xlsxwriter

from ..report.sop_xlsx_layout import write_sops


def sop_workbook(sop, numbers, edit=None):
    """The .xlsx of one copy of ``sop`` per number of ``numbers``, numbered so;
    ``edit(index, value)`` (index from 1) changes each copy's values first."""
    values = []
    for index, number in enumerate(numbers, start=1):
        value = sop._get_xlsx_values()[0]
        value["identity"] = dict(value["identity"], number=number)
        if edit:
            edit(index, value)
        values.append(value)
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output)
    write_sops(workbook, values)
    workbook.close()
    return output.getvalue()
