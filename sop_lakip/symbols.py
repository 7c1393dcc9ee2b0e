"""The step symbols of an SOP flowchart (Permenpan RB 35/2012), in one place.

Every part reads a symbol from here: the Selection of ``sop.step.symbol``, the flowchart's
geometry and drawing (``report/sop_flowchart.py``, ``report/sop_flowchart_svg.py``), the
Excel file's words (``report/sop_xlsx_layout.py``), the flow's validation and the run
(``sop_step.py``, ``sop_instance.py``, ``sop_workitem.py``), the views and the activity's
Yes/No buttons (through ``sop.step.symbol_branches`` and ``mail_activity.py``).

A new symbol is one more ``Symbol`` in ``SYMBOLS``; a new way of drawing one (``shape``)
is its outline in ``report/sop_flowchart_svg.py`` (``SHAPES``) and, unless it is a
rectangle, where a line meets it in ``report/sop_flowchart.py`` (``_reach``).
"""

from dataclasses import dataclass


class UnknownSymbol(ValueError):
    """A step symbol that is not in ``SYMBOLS``: never drawn nor run as another one."""


@dataclass(frozen=True)
class Symbol:
    """One step symbol.

    :param key: the value stored in ``sop.step.symbol``
    :param label: its name in the web client (English, translated like any selection)
    :param word: its Indonesian name, printed and written in the SOP's Excel file
    :param shape: how it is drawn: ``terminator`` (a capsule), ``process`` (a rectangle),
        ``decision`` (a diamond)
    :param height: the height (mm) of the drawn symbol
    :param width: its width, as a share of the width a column gives every symbol
    :param row: the least height (mm) of its table row (room for its labels)
    :param branches: a run asks Yes or No and goes on to the step of the answer
    :param starts: a run starts at it (the flow has exactly one)
    :param ends: a run ends at it: no step follows it
    """

    key: str
    label: str
    word: str
    shape: str
    height: float
    width: float = 1.0
    row: float = 0.0
    branches: bool = False
    starts: bool = False
    ends: bool = False


SYMBOLS = {
    symbol.key: symbol
    for symbol in (
        Symbol("start", "Start", "Mulai", "terminator", 7.0, starts=True),
        Symbol("process", "Process", "Proses", "process", 8.0),
        Symbol("decision", "Decision", "Keputusan", "decision", 11.0, 0.75, 21.0, branches=True),
        Symbol("end", "End", "Selesai", "terminator", 7.0, ends=True),
    )
}
DEFAULT = "process"


def get(key):
    """The symbol stored as ``key``; an unknown key raises ``UnknownSymbol``."""
    try:
        return SYMBOLS[key]
    except KeyError:
        raise UnknownSymbol(f"Unknown step symbol: {key!r}") from None


def selection():
    """The ``(key, label)`` pairs of ``sop.step.symbol``, in the registry's order."""
    return [(symbol.key, symbol.label) for symbol in SYMBOLS.values()]
