"""What the LAKIP workbooks share: the worksheet file's fixed places, which its reader
(``lakip_xlsx_reader``) relies on too, and the cell formats."""

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


def worksheet_code(worksheet):
    """The code that ties a file to its worksheet, unit and year."""
    return f"LAKIP-KK/{worksheet.id}/{worksheet.department_id.id}/{worksheet.year}"


def xlsx_formats(workbook):
    """The cell formats of the LAKIP workbooks, by name."""
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
