"""What an Excel import tells the user, the same for every file the addon reads back
(the SOP register's workbook and the LAKIP worksheet).

:mod:`xlsx_reader` refuses a file with a reason code (:class:`XlsxRefused`) and
returns the cells it cannot take as :class:`BadCell`; these functions turn both into
translated messages. ``hint`` is the caller's sentence saying which file to import.
"""

from odoo.exceptions import UserError
from odoo.tools import human_size

from .xlsx_reader import MAX_FILE_BYTES, MAX_TEXT

MAX_LISTED = 100  # problems listed in one message; the rest are counted


def check_upload_size(env, size, filename, hint):
    """Refuse a file of ``size`` bytes over the upload limit, before it is read."""
    if size > MAX_FILE_BYTES:
        raise UserError(_file_size(env, size, filename or env._("The file"), hint))


def _file_size(env, size, filename, hint):
    message = env._(
        "%(file)s is %(size)s, more than the %(limit)s an imported file may be: nothing "
        "was imported.",
        file=filename,
        size=human_size(size),
        limit=human_size(MAX_FILE_BYTES),
    )
    return f"{message} {hint}"


def refused_message(env, refused, filename, hint):
    """The message of a file refused as a whole, for any reason the reader gives."""
    params = refused.params
    if refused.reason == "file_size":
        return _file_size(env, params["size"], filename, hint)
    if refused.reason == "part_size":
        message = env._(
            "%(file)s unpacks to too much data (%(part)s: %(size)s, the limit is "
            "%(limit)s): nothing was imported.",
            file=filename,
            part=params["part"],
            size=human_size(params["size"]),
            limit=human_size(params["limit"]),
        )
    elif refused.reason in ("parts", "elements", "row_cells"):
        message = env._(
            "%(file)s holds far more than an importable file (more than %(limit)s parts, "
            "cells or elements): nothing was imported.",
            file=filename,
            limit=params["limit"],
        )
    elif refused.reason in ("rows", "far_row"):
        message = env._(
            "%(file)s has data down to row %(row)s, far below the rows an importable file "
            "has: nothing was imported.",
            file=filename,
            row=params["row"],
        )
    elif refused.reason == "old_xls":
        message = env._(
            "%s is an old Excel 97-2003 (.xls) file: nothing was imported. Save it in Excel "
            "as an Excel Workbook (.xlsx) and import that.",
            filename,
        )
    elif refused.reason == "dtd":
        message = env._(
            "%(file)s was refused: its part %(part)s declares a DTD or entities, which "
            "Excel never writes. Nothing was imported.",
            file=filename,
            part=params["part"],
        )
    else:
        message = env._(
            "%s is not a readable Excel (.xlsx) file: it may be damaged. Nothing was imported.",
            filename,
        )
    return f"{message} {hint}"


def bad_cell_reason(env, cell):
    """Why a cell the reader returned as :class:`BadCell` cannot be imported."""
    if cell.reason == "formula":
        return env._("a formula: type the value itself, Odoo does not import formulas")
    if cell.reason == "too_long":
        return env._("longer than %(limit)s characters: shorten the text", limit=MAX_TEXT)
    if cell.reason in ("not_finite", "too_large"):
        return env._("not a number Odoo can store: type the number itself")
    return env._("unreadable value: type it again in Excel")


def raise_problems(env, filename, problems, line):
    """Refuse the file listing ``problems``, each written by ``line(problem)``; up to
    :data:`MAX_LISTED` of them, the rest counted."""
    if not problems:
        return
    lines = [line(problem) for problem in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(env._("… and %s more.", len(problems) - MAX_LISTED))
    raise UserError(
        env._(
            "%(file)s was not imported, nothing was changed. Fix these %(count)s "
            "problems and import it again:\n%(lines)s",
            file=filename,
            count=len(problems),
            lines="\n".join(lines),
        )
    )
