"""What the LAKIP workbooks share: the worksheet file's fixed places, the reading of a
filled one back into plain values (its cells as :mod:`xlsx_reader` returns them,
every bad cell listed; matching them to records is the model's), and the cell formats."""

from openpyxl.utils import get_column_letter

from .xlsx_messages import bad_cell_reason
from .xlsx_reader import BadCell, Percent

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
QUARTER_COLS = [i for i, column in enumerate(WORKSHEET_COLUMNS) if column[0] == "quarter"]
ANALYSIS_COL = next(i for i, column in enumerate(WORKSHEET_COLUMNS) if column[0] == "analysis")


def worksheet_code(worksheet):
    """The code that ties a file to its worksheet, unit and year."""
    return f"LAKIP-KK/{worksheet.id}/{worksheet.department_id.id}/{worksheet.year}"


def file_code(rows):
    """The code the file holds in its code cell (None when it has none), and that cell."""
    row, col = CODE_CELL
    code = rows[row][col] if len(rows) > row and len(rows[row]) > col else None
    return code, f"{get_column_letter(col + 1)}{row + 1}"


def bad_cells(env, rows):
    """[(row, column, value, reason)] of every cell the reader refused."""
    return [
        (index + 1, get_column_letter(col + 1), cell, bad_cell_reason(env, cell))
        for index, row in enumerate(rows)
        for col, cell in enumerate(row)
        if isinstance(cell, BadCell)
    ]


def parse_rows(env, rows, indicators):
    """({target id: (quarter values, analysis)}, [(row, column, value, reason)]) of the
    indicator rows; ``indicators`` is {target id: indicator name} of the worksheet."""
    found, errors = {}, []
    for index in range(FIRST_ROW, len(rows)):
        row = tuple(rows[index]) + (None,) * len(WORKSHEET_COLUMNS)
        if all(v in (None, "") for v in row[: len(WORKSHEET_COLUMNS)]):
            continue
        ref = row[0]
        if isinstance(ref, float) and ref.is_integer():
            ref = int(ref)
        if not isinstance(ref, int) or ref not in indicators:
            reason = env._("row added: not an indicator of this worksheet")
        elif ref in found:
            reason = env._("indicator repeated on another row")
        else:
            values, row_errors = _quarter_values(env, row)
            errors += [(index + 1, get_column_letter(col + 1), *rest) for col, *rest in row_errors]
            analysis = row[ANALYSIS_COL]
            found[ref] = (values, str(analysis).strip() if analysis not in (None, "") else "")
            continue
        errors.append((index + 1, "A", ref, reason))
    errors += [
        ("-", "-", name, env._("row deleted: indicator missing"))
        for target_id, name in indicators.items()
        if target_id not in found
    ]
    return found, errors


def _quarter_values(env, row):
    """([value or None per quarter], [(column, value, reason)]) of an indicator's row."""
    values, errors = [], []
    for col in QUARTER_COLS:
        value = row[col]
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            values.append(None)
        elif isinstance(value, Percent):
            errors.append(
                (col, f"{value * 100:g} %",
                 env._("a percentage: type the number without %, e.g. 80"))
            )  # fmt: skip
        elif isinstance(value, bool) or not isinstance(value, int | float):
            errors.append((col, value, env._("not a number")))
        elif value < 0:
            errors.append((col, value, env._("negative: a realisation is 0 or more")))
        else:
            values.append(float(value))
    return values, errors


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
