"""The tables of the printed LKjIP laid out over pages.

Debian's wkhtmltopdf neither keeps a table row whole on a page nor repeats a table's header
(see ``sop_monitoring_report``): each table of the LKjIP starts on a page of its own, under
its heading, and goes on over as many pages as its rows need, each page its own table under
the header. Widths and heights in mm; the row heights are those of ``table_pages``.
"""

from ..tools import NO_DATA
from .sop_monitoring_report import PAGE_SAFETY, table_pages

# ``size``: (width, height) inside the margins of the agency's letter paper, from its
# paperformat (ir.actions.report._get_printable_size).
HEADING = 14.0  # the heading above a table
PADDING = 1.6  # left and right padding of a cell
SMALL = 7.5  # font size (pt) of the capaian tables
NORMAL = 10.0  # font size (pt) of the other tables (11 pt, a little less for safety)

# Columns of a capaian table (key, width) after No and the indicator, whose width is what
# is left; the order of ``capaian_cells``.
CAPAIAN_KEYS = ("no", "indicator", "uom", "target", "realisation", "capaian", "r1", "c1", "r2",
                "c2", "renstra", "renstra_capaian", "status")  # fmt: skip
CAPAIAN_COLUMNS = [
    (key, {"uom": 12.0, "target": 12.0, "renstra": 12.0, "realisation": 13.0, "r1": 13.0,
           "r2": 13.0}.get(key, 14.0))
    for key in CAPAIAN_KEYS[2:-1]
]  # fmt: skip
STATUS_WIDTH = 15.0


def capaian_headers(years, with_status):
    """The header of a capaian table on one row (Word, Excel)."""
    year, y1, y2 = years
    headers = ["No", "Indikator Kinerja", "Satuan", f"Target {year}", f"Realisasi {year}",
               f"Capaian {year}", f"Realisasi {y1}", f"Capaian {y1}", f"Realisasi {y2}",
               f"Capaian {y2}", "Target Akhir Renstra", "Capaian terhadap Renstra"]  # fmt: skip
    return [*headers, "Status"] if with_status else headers


def capaian_cells(index, row, status=None):
    """The cells of a row of the Tabel Capaian (``status``: the printed status by key)."""
    cells = [f"{index}.", row["indicator"], row["uom"] or "", row["target"], row["realisation"],
             row["capaian"], *row["previous"][0], *row["previous"][1], row["renstra"],
             row["renstra_capaian"]]  # fmt: skip
    return [*cells, status.get(row["status"], NO_DATA)] if status is not None else cells


def _room(size, header):
    """The height the rows of a table may fill on a page under its heading and ``header``."""
    return size[1] - PAGE_SAFETY - HEADING - header


def _pages(columns, wrapped, rows, size, room):
    """``rows`` (dicts) over pages: only the ``wrapped`` columns may take several lines."""
    cells = [(width - PADDING, [(key, size, 0.0)]) for key, width in columns if key in wrapped]
    if "name" in wrapped and "name" not in dict(columns):  # a group row across the table
        cells.append((sum(w for _k, w in columns[1:]) - PADDING, [("name", size, 0.0)]))
    pages = table_pages(
        cells, [(row, {k: row.get(k) or "" for k in wrapped}) for row in rows], room, room
    )
    return [[part["record"] for part in page if not part["continued"]] for page in pages]


def capaian_layout(size, groups, status=None):
    """The capaian table of ``groups`` ([(objective, rows)]): (column widths, pages of rows);
    with ``status`` (the printed status by key), a row of each objective above its
    indicators and the status column."""
    width = size[0]
    rest = 7.0 + sum(w for _k, w in CAPAIAN_COLUMNS) + (STATUS_WIDTH if status else 0.0)
    columns = [("no", 7.0), ("indicator", width - rest), *CAPAIAN_COLUMNS]
    if status:
        columns.append(("status", STATUS_WIDTH))
    rows = []
    for index, (objective, group) in enumerate(groups, start=1):
        if status:
            rows.append({"kind": "group", "no": f"{index}.", "name": objective or "-"})
        rows += [
            dict(zip(CAPAIAN_KEYS, capaian_cells(n, row, status), strict=False))
            for n, row in enumerate(group, start=1)
        ]
    wrapped = {"indicator", "uom", "status", "name"}
    pages = _pages(columns, wrapped, rows, SMALL, _room(size, 22.0))
    return [w for _key, w in columns], pages


def simple_layout(size, columns, rows, wrapped):
    """A table of ``columns`` [(key, width or None for what is left)] and ``rows`` (dicts):
    (column widths, pages of rows)."""
    width = size[0]
    fixed = sum(w for _k, w in columns if w)
    columns = [(key, w or width - fixed) for key, w in columns]
    pages = _pages(columns, wrapped, rows, NORMAL, _room(size, 12.0))
    return [w for _key, w in columns], pages
