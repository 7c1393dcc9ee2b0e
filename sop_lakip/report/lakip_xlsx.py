"""XLSX files of the LAKIP: the worksheet (kertas kerja) of a Bidang and the Tabel
Capaian Kinerja. They only lay out cells; the values come from the models."""

import io

import xlsxwriter

SHEET_NAME = "Kertas Kerja"
CODE_CELL = (4, 2)  # row, column (0-based) of the worksheet's code
FIRST_ROW = 7  # first indicator row (0-based)
# (kind, title, width): the first column holds the row's reference and is hidden.
WORKSHEET_COLUMNS = [
    ("ref", "Ref", 6),
    ("no", "No", 5),
    ("objective", "Sasaran Strategis", 34),
    ("indicator", "Indikator Kinerja", 44),
    ("uom", "Satuan", 12),
    ("target", "Target", 12),
    ("quarter", "Realisasi TW I", 13),
    ("quarter", "Realisasi TW II", 13),
    ("quarter", "Realisasi TW III", 13),
    ("quarter", "Realisasi TW IV", 13),
    ("analysis", "Analisis / Keterangan", 48),
]
STATUS_ID = {"achieved": "Tercapai", "not_achieved": "Belum Tercapai", "no_data": "\u2212"}


def worksheet_code(worksheet):
    """The code that ties a file to its worksheet, unit and year."""
    return f"LAKIP-KK/{worksheet.id}/{worksheet.department_id.id}/{worksheet.year}"


def _formats(workbook):
    return {
        "title": workbook.add_format({"bold": True, "font_size": 13}),
        "label": workbook.add_format({"bold": True}),
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True,
             "align": "center", "valign": "vcenter"}
        ),
        "cell": workbook.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        "center": workbook.add_format({"border": 1, "valign": "top", "align": "center"}),
        "input": workbook.add_format(
            {"border": 1, "valign": "top", "bg_color": "#FFF2CC", "locked": False,
             "num_format": "#,##0.##"}
        ),
        "input_text": workbook.add_format(
            {"border": 1, "valign": "top", "bg_color": "#FFF2CC", "locked": False,
             "text_wrap": True}
        ),
        "note": workbook.add_format({"italic": True, "font_color": "#595959"}),
    }  # fmt: skip


def worksheet_workbook(worksheet, rows, count):
    """The worksheet of one Bidang as XLSX bytes: protected, only the inputs unlocked.

    ``rows`` may be a generator of ``count`` rows: they are written as they come.
    """
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    fmt = _formats(workbook)
    sheet = workbook.add_worksheet(SHEET_NAME)
    for col, (kind, _title, width) in enumerate(WORKSHEET_COLUMNS):
        sheet.set_column(col, col, width, None, {"hidden": kind == "ref"})
    sheet.write_string(0, 1, "KERTAS KERJA PENGUMPULAN DATA KINERJA", fmt["title"])
    sheet.write_string(1, 1, "Instansi", fmt["label"])
    sheet.write_string(1, 2, worksheet.company_id.name)
    sheet.write_string(2, 1, "Unit Kerja", fmt["label"])
    sheet.write_string(2, 2, worksheet.department_id.name)
    sheet.write_string(3, 1, "Tahun", fmt["label"])
    sheet.write_number(3, 2, worksheet.year)
    sheet.write_string(4, 1, "Kode", fmt["label"])
    sheet.write_string(*CODE_CELL, worksheet_code(worksheet))
    sheet.write_string(
        5,
        1,
        "Isi sel berwarna kuning: realisasi tiap triwulan (angka, 0 atau lebih; kosongkan "
        "bila belum ada data) dan analisis. Jangan menambah, menghapus atau memindah baris.",
        fmt["note"],
    )
    for col, (_kind, title, _width) in enumerate(WORKSHEET_COLUMNS):
        sheet.write_string(FIRST_ROW - 1, col, title, fmt["header"])
    for index, row in enumerate(rows):
        r = FIRST_ROW + index
        sheet.write_number(r, 0, row["id"])
        sheet.write_number(r, 1, index + 1, fmt["center"])
        sheet.write_string(r, 2, row["objective"], fmt["cell"])
        sheet.write_string(r, 3, row["indicator"], fmt["cell"])
        sheet.write_string(r, 4, row["uom"] or "", fmt["center"])
        sheet.write_string(r, 5, row["target"], fmt["center"])
        for offset, value in enumerate(row["quarters"]):
            if value is None:
                sheet.write_blank(r, 6 + offset, None, fmt["input"])
            else:
                sheet.write_number(r, 6 + offset, value, fmt["input"])
        sheet.write_string(r, 10, row["analysis"], fmt["input_text"])
    if count:
        last = FIRST_ROW + count - 1
        sheet.data_validation(
            FIRST_ROW, 6, last, 9,
            {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "error_title": "Realisasi",
                "error_message": "Isi dengan angka 0 atau lebih.",
            },
        )  # fmt: skip
    sheet.freeze_panes(FIRST_ROW, 4)
    sheet.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    workbook.close()
    return output.getvalue()


CAPAIAN_HEADERS = [
    ("No", 5),
    ("Sasaran Strategis", 32),
    ("Indikator Kinerja", 40),
    ("Satuan", 10),
    ("Target {year}", 11),
    ("Realisasi {year}", 11),
    ("Capaian {year}", 11),
    ("Realisasi {y1}", 11),
    ("Capaian {y1}", 11),
    ("Realisasi {y2}", 11),
    ("Capaian {y2}", 11),
    ("Target Akhir Renstra", 12),
    ("Capaian terhadap Renstra", 12),
    ("Status", 14),
    ("Analisis", 48),
]


def capaian_workbook(report, rows):
    """The Tabel Capaian Kinerja (LAKIP chapter III) of ``report`` as XLSX bytes."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    fmt = _formats(workbook)
    sheet = workbook.add_worksheet("Capaian Kinerja")
    years = {"year": report.year, "y1": report.year - 1, "y2": report.year - 2}
    sheet.write_string(0, 0, f"TABEL CAPAIAN KINERJA TAHUN {report.year}", fmt["title"])
    sheet.write_string(1, 0, report.company_id.name, fmt["label"])
    for col, (title, width) in enumerate(CAPAIAN_HEADERS):
        sheet.set_column(col, col, width)
        sheet.write_string(3, col, title.format(**years), fmt["header"])
    for index, row in enumerate(rows, start=1):
        r = 3 + index
        values = [
            row["objective"], row["indicator"], row["uom"] or "", row["target"],
            row["realisation"], row["capaian"],
            row["previous"][0][0], row["previous"][0][1],
            row["previous"][1][0], row["previous"][1][1],
            row["renstra"], row["renstra_capaian"], STATUS_ID[row["status"]],
        ]  # fmt: skip
        sheet.write_number(r, 0, index, fmt["center"])
        sheet.write_string(r, 1, values[0], fmt["cell"])
        sheet.write_string(r, 2, values[1], fmt["cell"])
        for col, value in enumerate(values[2:], start=3):
            sheet.write_string(r, col, value, fmt["center"])
        sheet.write_string(r, 14, row["analysis"], fmt["cell"])
    sheet.freeze_panes(4, 3)
    _budget_sheet(workbook, fmt, report)
    workbook.close()
    return output.getvalue()


def _budget_sheet(workbook, fmt, report):
    """The Realisasi Anggaran of the year's programmes (LAKIP chapter III.B)."""
    sheet = workbook.add_worksheet("Realisasi Anggaran")
    money = workbook.add_format({"border": 1, "valign": "top", "num_format": "#,##0"})
    rate = workbook.add_format({"border": 1, "valign": "top", "num_format": "0.00"})
    sheet.write_string(0, 0, f"REALISASI ANGGARAN TAHUN {report.year}", fmt["title"])
    for col, (title, width) in enumerate(
        [("No", 5), ("Program", 60), ("Pagu (Rp)", 18), ("Realisasi (Rp)", 18), ("%", 9)]
    ):
        sheet.set_column(col, col, width)
        sheet.write_string(2, col, title, fmt["header"])
    budgets = report.budget_ids
    for index, budget in enumerate(budgets, start=1):
        sheet.write_number(2 + index, 0, index, fmt["center"])
        sheet.write_string(2 + index, 1, budget.name, fmt["cell"])
        sheet.write_number(2 + index, 2, budget.budget, money)
        sheet.write_number(2 + index, 3, budget.spent, money)
        sheet.write_number(2 + index, 4, budget.rate, rate)
    total = 3 + len(budgets)
    pagu, spent = sum(budgets.mapped("budget")), sum(budgets.mapped("spent"))
    sheet.write_string(total, 1, "Jumlah", fmt["header"])
    sheet.write_number(total, 2, pagu, money)
    sheet.write_number(total, 3, spent, money)
    sheet.write_number(total, 4, spent / pagu * 100 if pagu else 0, rate)
