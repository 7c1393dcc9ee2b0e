"""An SOP as an Excel workbook in the official table layout, and back.

One SOP is a pair of sheets: *Identitas* (the identity page: every field, then the six
list sections one item a row) and *Langkah* (the flowchart table as on paper: No |
Kegiatan | one column per actor, marked with the symbol where the actor acts |
Kelengkapan | Waktu | Satuan | Output | Ket, then the arrows the paper draws: Ya →,
Tidak →, Semua Unit). A workbook may hold many pairs: "Identitas (2)", "Langkah (2)"...

The builders (``sop_document_xlsx``) call :func:`write_sops`, which only lays out cells;
the values come from ``sop.document._get_xlsx_values``. The ``parse_*`` functions read the
sheets back (as :mod:`xlsx_reader` returns them)
into plain values with every bad cell listed; matching names to records is the model's.
"""

import contextlib
import datetime
import re

from openpyxl.utils import get_column_letter

from .. import symbols
from ..tools import INT4_MAX, name_key
from .xlsx_messages import bad_cell_reason
from .xlsx_reader import BadCell

IDENTITY_SHEET = "Identitas"
STEPS_SHEET = "Langkah"
SHEET_RE = re.compile(r"^(Identitas|Langkah)(?: \((\d{1,4})\))?$")
# Identity fields (key, label); the keys of IMPORTED are read back, the others are the
# approval as printed, for reading only (an imported SOP is a draft).
IDENTITY_FIELDS = [
    ("agency", "Instansi"),
    ("unit", "Unit Kerja"),
    ("number", "Nomor SOP"),
    ("name", "Nama SOP"),
    ("date_created", "Tanggal Pembuatan"),
    ("date_revision", "Tanggal Revisi"),
    ("date_effective", "Tanggal Efektif"),
    ("author", "Pembuat SOP"),
    ("revision", "Revisi"),
    ("date_approved", "Tanggal Pengesahan"),
    ("approver_job_title", "Disahkan Oleh (Jabatan)"),
    ("approver_name", "Disahkan Oleh (Nama)"),
    ("approver_rank", "Pangkat/Golongan"),
    ("approver_nip", "NIP"),
    ("state", "Status"),
]
IMPORTED = ("unit", "number", "name", "date_created", "date_revision", "date_effective", "author")
# The approval rows: a value typed there is not imported, and the import says so.
APPROVAL = ("date_approved", "approver_job_title", "approver_name", "approver_rank", "approver_nip")
DATES = ("date_created", "date_revision", "date_effective", "date_approved")
SECTION_TITLES = {
    "legal_basis": "Dasar Hukum",
    "qualification": "Kualifikasi Pelaksana",
    "related": "Keterkaitan",
    "equipment": "Peralatan/Perlengkapan",
    "warning": "Peringatan",
    "record": "Pencatatan dan Pendataan",
}
SECTIONS_HEADER = ["Bagian", "Uraian", "Hubungan", "Nomor SOP Terkait"]
RELATIONS = {"prerequisite": "Prasyarat", "continuation": "Lanjutan", "related": "Terkait"}
# A step's actor column holds its symbol's word (``sop_lakip.symbols``).
SYMBOLS = {key: symbol.word for key, symbol in symbols.SYMBOLS.items()}
UNITS = {"minute": "Menit", "hour": "Jam", "day": "Hari", "week": "Minggu"}
WORKSHEET_ACTIONS = {
    "send": "Kirim",
    "fill": "Isi",
    "verify": "Verifikasi",
    "compile": "Kompilasi",
}
YES = "Ya"
STEP_HEADER_ROW = 3  # 1-based: the titles; the row below names each actor column's role
FIRST_STEP_ROW = 5
BEFORE = [("number", "No", 5), ("name", "Kegiatan", 40)]
AFTER = [
    ("requirement", "Kelengkapan", 22),
    ("duration", "Waktu", 8),
    ("unit", "Satuan", 9),
    ("output", "Output", 22),
    ("note", "Ket", 20),
    ("yes", "Ya →", 7),
    ("no", "Tidak →", 8),
    ("per_unit", "Semua Unit", 8),
    ("worksheet", "Kertas Kerja LAKIP", 12),
    ("letter_kind", "Penomoran Surat", 16),
]
MAX_COLUMNS = 40  # cells read per row: 12 fixed columns and up to 28 actors
MAX_ROWS = 300  # rows read per sheet: the identity fields and items, or the steps
MAX_PARTS = 520  # parts of a workbook: 250 SOPs of two sheets, and the rest


def sheet_names(index):
    """The names of the ``index``-th (1-based) SOP's sheets."""
    suffix = f" ({index})" if index > 1 else ""
    return IDENTITY_SHEET + suffix, STEPS_SHEET + suffix


def _formats(workbook):
    return {
        "title": workbook.add_format({"bold": True, "font_size": 12}),
        "note": workbook.add_format({"italic": True, "font_color": "#595959"}),
        "label": workbook.add_format({"bold": True, "border": 1, "valign": "top"}),
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True,
             "align": "center", "valign": "vcenter"}
        ),
        "role": workbook.add_format(
            {"italic": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True,
             "align": "center", "valign": "top"}
        ),
        "cell": workbook.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        "center": workbook.add_format({"border": 1, "valign": "top", "align": "center"}),
        "date": workbook.add_format({"border": 1, "valign": "top", "num_format": "dd/mm/yyyy",
                                     "align": "left"}),
    }  # fmt: skip


def _write(sheet, row, col, value, fmt):
    """A cell as Odoo writes it: text as text (never a formula), numbers and dates as such."""
    if value in (None, "", False):
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, datetime.datetime.combine(value, datetime.time()), fmt)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def write_sops(workbook, sops):
    """Write a sheet pair per SOP of ``sops`` (see ``sop.document._get_xlsx_values``)."""
    fmt = _formats(workbook)
    for index, sop in enumerate(sops, start=1):
        identity, steps = sheet_names(index)
        _write_identity(workbook.add_worksheet(identity), fmt, sop)
        _write_steps(workbook.add_worksheet(steps), fmt, sop)


def _write_identity(sheet, fmt, sop):
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 70)
    sheet.set_column(2, 3, 18)
    sheet.write_string(0, 0, "IDENTITAS SOP", fmt["title"])
    sheet.write_string(
        1,
        0,
        "Isi kolom B. Tanggal sebagai tanggal Excel. Bagian di bawah: satu butir per baris.",
        fmt["note"],
    )
    row = 3
    for key, label in IDENTITY_FIELDS:
        sheet.write_string(row, 0, label, fmt["label"])
        _write(sheet, row, 1, sop["identity"].get(key), fmt["date" if key in DATES else "cell"])
        row += 1
    row += 1
    for col, title in enumerate(SECTIONS_HEADER):
        sheet.write_string(row, col, title, fmt["header"])
    for section, text, relation, related in sop["sections"]:
        row += 1
        sheet.write_string(row, 0, SECTION_TITLES[section], fmt["cell"])
        _write(sheet, row, 1, text, fmt["cell"])
        _write(sheet, row, 2, RELATIONS.get(relation), fmt["cell"])
        _write(sheet, row, 3, related, fmt["cell"])


def _write_steps(sheet, fmt, sop):
    actors = [(heading, role) for heading, roles in sop["columns"] for role in roles]
    titles = BEFORE + [("actor", "", 14)] * len(actors) + AFTER
    for col, (_key, _title, width) in enumerate(titles):
        sheet.set_column(col, col, width)
    sheet.write_string(0, 0, f"URAIAN PROSEDUR: {sop['identity'].get('name') or ''}", fmt["title"])
    sheet.write_string(
        1,
        0,
        f"Pelaksana: tulis simbolnya ({', '.join(SYMBOLS.values())}) di kolom pelaksana "
        "langkah itu. Satuan: Menit, Jam, Hari atau Minggu. Ya →/Tidak →: nomor langkah "
        "tujuan keputusan. Semua Unit: Ya bila dilaksanakan oleh masing-masing unit kerja.",
        fmt["note"],
    )
    header, roles = STEP_HEADER_ROW - 1, STEP_HEADER_ROW
    for col, (key, title, _width) in enumerate(titles):
        if key != "actor":
            sheet.write_string(header, col, title, fmt["header"])
            sheet.write_blank(roles, col, None, fmt["role"])
    col = len(BEFORE)
    for heading, column_roles in sop["columns"]:
        last = col + len(column_roles) - 1
        if last > col:
            sheet.merge_range(header, col, header, last, heading, fmt["header"])
        else:
            sheet.write_string(header, col, heading, fmt["header"])
        for offset, role in enumerate(column_roles):
            sheet.write_string(roles, col + offset, role, fmt["role"])
        col = last + 1
    for row, step in enumerate(sop["steps"], start=FIRST_STEP_ROW - 1):
        values = [step["number"], step["name"]]
        word = symbols.get(step["symbol"]).word
        values += [word if role == step["role"] else None for _h, role in actors]
        values += [
            step["requirement"], step["duration"], UNITS[step["unit"]], step["output"],
            step["note"], step["yes"] or None, step["no"] or None,
            YES if step["per_unit"] else None,
            WORKSHEET_ACTIONS.get(step["worksheet"]), step["letter_kind"],
        ]  # fmt: skip
        for col, value in enumerate(values):
            centred = col == 0 or titles[col][0] in ("actor", "duration", "yes", "no", "per_unit")
            _write(sheet, row, col, value, fmt["center" if centred else "cell"])
    sheet.freeze_panes(FIRST_STEP_ROW - 1, 2)


# ----------------------------------------------------------------------
# Reading back
# ----------------------------------------------------------------------
def _text(value):
    """A cell as text: numbers without a trailing .0 (a step number typed as text)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _key(value):
    return name_key(_text(value))


SYMBOL_KEYS = {_key(word): key for key, word in SYMBOLS.items()}
UNIT_KEYS = {_key(word): key for key, word in UNITS.items()}
ACTION_KEYS = {_key(word): key for key, word in WORKSHEET_ACTIONS.items()}


def pair_sheets(env, sheets):
    """[(identity (name, rows), steps (name, rows))] of the workbook, and the errors of
    sheets that are not a pair of this layout."""
    found, errors = {}, []
    for name, rows in sheets:
        match = SHEET_RE.match(name)
        if not match:
            errors.append(
                (name, "-", env._("not a sheet of an SOP (expected 'Identitas', 'Langkah' "
                                  "or 'Identitas (2)', 'Langkah (2)'...)"))
            )  # fmt: skip
            continue
        found.setdefault(int(match[2] or 1), {})[match[1]] = (name, rows)
    pairs = []
    for index in sorted(found):
        pair = found[index]
        identity, steps = sheet_names(index)
        for kind, missing in ((IDENTITY_SHEET, identity), (STEPS_SHEET, steps)):
            if kind not in pair:
                present = next(iter(pair.values()))[0]
                errors.append((present, "-", env._("its sheet '%s' is missing", missing)))
        if len(pair) == 2:
            pairs.append((pair[IDENTITY_SHEET], pair[STEPS_SHEET]))
    return pairs, errors


def _cell(row, col):
    return f"{get_column_letter(col + 1)}{row + 1}"


def _used(rows):
    """``rows`` without the empty ones at the end (the reader pads every sheet)."""
    last = max(
        (i for i, row in enumerate(rows) if any(v not in (None, "") for v in row)), default=-1
    )
    return rows[: last + 1]


def _blank(cells):
    return all(v in (None, "") for v in cells)


def _bad_cells(env, name, rows):
    return [
        (name, _cell(r, c), bad_cell_reason(env, v))
        for r, row in enumerate(rows)
        for c, v in enumerate(row)
        if isinstance(v, BadCell)
    ]


def _date(env, value, errors, where):
    """A date cell (or a date typed as text, dd/mm/yyyy) as a date; else an error."""
    if value in (None, ""):
        return False
    if isinstance(value, datetime.datetime):
        return value.date()
    text = value.strip() if isinstance(value, str) else ""
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
        day, month, year = map(int, text.split("/"))
        with contextlib.suppress(ValueError):
            return datetime.date(year, month, day)
    errors.append((*where, env._("not a date: type it as a date, e.g. 15/01/2024")))
    return False


def parse_identity(env, name, rows):
    """(values by key, with "cells", [section item dicts], errors) of an Identitas sheet."""
    rows = _used(rows)
    errors = _bad_cells(env, name, rows)
    values, cells = {}, {}
    header_row = _identity_fields(env, name, rows, values, cells, errors)
    sections = [] if header_row is None else _section_items(env, name, rows, header_row, errors)
    missing = [label for key, label in IDENTITY_FIELDS if key in IMPORTED and key not in cells]
    if missing:
        errors.append((name, "A", env._("fields missing: %s", ", ".join(missing))))
    if header_row is None:
        errors.append(
            (name, "A", env._("the heading row '%s' of the sections is missing",
                              " | ".join(SECTIONS_HEADER)))
        )  # fmt: skip
    elif "name" in cells and not values.get("name"):
        errors.append((name, "B", env._("the Nama SOP is empty")))
    values["cells"] = cells
    return values, sections, errors


def _identity_fields(env, name, rows, values, cells, errors):
    """Read the identity fields into ``values`` (their cells into ``cells``) down to the
    sections' heading row; return that row's index, or None when there is none."""
    labels = {_key(label): key for key, label in IDENTITY_FIELDS}
    header = [_key(t) for t in SECTIONS_HEADER]
    for r, row in enumerate(rows):
        key = labels.get(_key(row[0]))
        if key:
            cells[key] = _cell(r, 1)
            values[key] = row[1]
            if key in DATES:
                values[key] = _date(env, row[1], errors, (name, _cell(r, 1)))
            elif key != "revision":
                values[key] = _text(row[1])
        elif [_key(v) for v in row[: len(SECTIONS_HEADER)]] == header:
            return r
        elif _blank(row[1:]):
            continue  # a heading or a label typed alone in column A
        elif r > 2:
            errors.append((name, _cell(r, 0), env._("not a field of the identity page")))
    return None


def _section_items(env, name, rows, header_row, errors):
    """[section item dicts] of the rows below the sections' heading row."""
    titles = {_key(title): key for key, title in SECTION_TITLES.items()}
    relations = {_key(label): key for key, label in RELATIONS.items()}
    sections = []
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        if _blank(row[1:4]):
            continue  # empty, or a section's label prepared in column A without an item
        section = titles.get(_key(row[0]))
        relation = relations.get(_key(row[2])) if row[2] not in (None, "") else False
        if not section:
            errors.append(
                (name, _cell(r, 0), env._("not a section: use one of %s",
                                          ", ".join(SECTION_TITLES.values())))
            )  # fmt: skip
        elif not _text(row[1]):
            errors.append((name, _cell(r, 1), env._("the item's text is missing")))
        elif relation is None:
            errors.append(
                (name, _cell(r, 2), env._("not a relation: use %s", ", ".join(RELATIONS.values())))
            )
        else:
            sections.append(
                {
                    "section": section,
                    "name": _text(row[1]),
                    "relation": relation,
                    "related": _text(row[3]),
                    "cell": _cell(r, 3),
                }
            )
    return sections


def _step_columns(env, name, rows):
    """(actor columns [(heading, [(sheet column, role name)])], {key: sheet column}, errors)."""
    if not any(v not in (None, "") for row in rows for v in row):
        return [], {}, [(name, "-", env._("the sheet is empty"))]
    rows = [*rows, *[(None,) * MAX_COLUMNS] * 2]
    header = [_text(v) for v in rows[STEP_HEADER_ROW - 1]]
    roles = [_text(v) for v in rows[STEP_HEADER_ROW]]
    expected = [title for _k, title, _w in BEFORE]
    after_titles = [title for _k, title, _w in AFTER]
    try:
        first_after = header.index(after_titles[0])
    except ValueError:
        first_after = -1
    row_ref = str(STEP_HEADER_ROW)
    if (
        header[: len(BEFORE)] != expected
        or first_after < len(BEFORE) + 1
        or header[first_after : first_after + len(AFTER)] != after_titles
    ):
        return [], {}, [
            (name, _cell(STEP_HEADER_ROW - 1, 0),
             env._("the headings of row %(row)s are not the SOP table: expected %(titles)s",
                   row=row_ref, titles=" | ".join([*expected, "<Pelaksana>...", *after_titles])))
        ]  # fmt: skip
    columns, errors = [], []
    for col in range(len(BEFORE), first_after):
        if header[col]:
            columns.append((header[col], []))
        if not roles[col]:
            errors.append((name, _cell(STEP_HEADER_ROW, col), env._("the actor's role is missing")))
        elif columns:
            columns[-1][1].append((col, roles[col]))
    positions = {key: first_after + i for i, (key, _t, _w) in enumerate(AFTER)}
    positions.update({key: i for i, (key, _t, _w) in enumerate(BEFORE)})
    return columns, positions, errors


def _number(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_steps(env, name, rows):
    """(actor columns [(heading, [role name])], steps [dict, with "cells"], errors) of a
    Langkah sheet."""
    rows = _used(rows)
    errors = _bad_cells(env, name, rows)
    columns, pos, layout_errors = _step_columns(env, name, rows)
    if layout_errors or not columns:
        return [], [], errors + (layout_errors or [(name, "C3", env._("no actor column"))])
    actor_cols = [(col, role) for _h, roles in columns for col, role in roles]
    steps, numbers = [], {}
    for r in range(FIRST_STEP_ROW - 1, len(rows)):
        row = rows[r]
        if _blank(row[1:]):
            continue  # empty, or a step number prepared in column A without a step

        def bad(key, message, r=r):
            errors.append((name, _cell(r, pos[key] if isinstance(key, str) else key), message))

        steps.append(_parse_step(env, row, r, pos, actor_cols, numbers, bad))
    for step in steps:
        for key in ("yes", "no"):
            if step[key] and step[key] not in numbers:
                errors.append(
                    (name, step["cells"][key],
                     env._("there is no step %(number)s in this SOP", number=step[key]))
                )  # fmt: skip
    if not steps:
        errors.append((name, _cell(FIRST_STEP_ROW - 1, 0), env._("the SOP has no steps")))
    headings = [(heading, [role for _c, role in roles]) for heading, roles in columns]
    return headings, steps, errors


def _parse_step(env, row, r, pos, actor_cols, numbers, bad):
    """The step of row ``r``; each bad cell is reported by ``bad(column key, message)``.
    ``numbers`` maps the step numbers met so far to their row."""
    number = _number(row[pos["number"]])
    if number is None or number < 1:
        bad("number", env._("not a step number: type a whole number of 1 or more"))
    elif number > INT4_MAX:
        bad("number", env._("step number %(number)s is too large: at most %(max)s",
                            number=number, max=INT4_MAX))  # fmt: skip
    elif number in numbers:
        bad("number", env._("step number %(number)s is also on row %(row)s: each step "
                            "needs its own number", number=number, row=numbers[number]))  # fmt: skip
    else:
        numbers[number] = r + 1
    if not _text(row[pos["name"]]):
        bad("name", env._("the activity (Kegiatan) is empty"))
    symbol, role, role_col = _step_actor(env, row, pos, actor_cols, bad)
    duration, unit = _step_time(env, row, pos, bad)
    targets = _step_targets(env, row, pos, symbol, bad)
    per_unit = _key(row[pos["per_unit"]])
    if per_unit not in ("", _key(YES)):
        bad("per_unit", env._("write Ya, or leave it empty"))
    action = ACTION_KEYS.get(_key(row[pos["worksheet"]]))
    if row[pos["worksheet"]] not in (None, "") and not action:
        bad("worksheet", env._("write Kirim, Isi, Verifikasi or Kompilasi, or leave it empty"))
    return {
        "number": number,
        "name": _text(row[pos["name"]]),
        "role": role,
        "symbol": symbol or "process",
        "requirement": _text(row[pos["requirement"]]),
        "duration": duration,
        "unit": unit,
        "output": _text(row[pos["output"]]),
        "note": _text(row[pos["note"]]),
        "yes": targets["yes"] or 0,
        "no": targets["no"] or 0,
        "per_unit": bool(per_unit),
        "worksheet": action or False,
        "letter_kind": _text(row[pos["letter_kind"]]),
        "cells": {
            "role": _cell(r, role_col),
            "yes": _cell(r, pos["yes"]),
            "no": _cell(r, pos["no"]),
            "letter_kind": _cell(r, pos["letter_kind"]),
        },
    }


def _step_actor(env, row, pos, actor_cols, bad):
    """(symbol, role, column) of the one actor column the step marks with its symbol."""
    marks = [(col, role) for col, role in actor_cols if row[col] not in (None, "")]
    if len(marks) != 1:
        bad(
            marks[1][0] if marks else pos["name"] + 1,
            env._("mark exactly one actor (Pelaksana) of the step, with its symbol"),
        )
        return None, None, marks[0][0] if marks else 2
    col, role = marks[0]
    symbol = SYMBOL_KEYS.get(_key(row[col]))
    if not symbol:
        bad(col, env._("not a symbol: write one of %s", ", ".join(SYMBOLS.values())))
    return symbol, role, col


def _step_time(env, row, pos, bad):
    """(duration, unit) of the step's Waktu and Satuan (0 and None when bad)."""
    duration = row[pos["duration"]]
    if isinstance(duration, str):
        duration = _number(duration) or duration
    if isinstance(duration, bool) or not isinstance(duration, int | float) or duration <= 0:
        bad("duration", env._("the time (Waktu) must be a number greater than zero"))
    unit = UNIT_KEYS.get(_key(row[pos["unit"]]))
    if not unit:
        bad("unit", env._("the unit (Satuan) must be Menit, Jam, Hari or Minggu"))
    return (duration if isinstance(duration, int | float) else 0), unit


def _step_targets(env, row, pos, symbol, bad):
    """{"yes": step number, "no": step number} of the step's arrows (0: none, None: bad)."""
    targets = {}
    for key in ("yes", "no"):
        value = row[pos[key]]
        targets[key] = _number(value) if value not in (None, "") else 0
        if targets[key] is None:
            bad(key, env._("not a step number"))
    if symbol and symbols.get(symbol).branches:
        for key, label in (("yes", "Ya"), ("no", "Tidak")):
            if targets[key] == 0:
                bad(key, env._("a decision needs the step for %s", label))
    elif symbol and (targets["yes"] or targets["no"]):
        bad("yes" if targets["yes"] else "no",
            env._("only a decision (Keputusan) goes to Ya/Tidak steps"))  # fmt: skip
    return targets
