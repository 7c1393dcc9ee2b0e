import copy

from markupsafe import Markup

from odoo.tests import Form

from .. import symbols
from ..report.sop_flowchart import Flowchart
from ..report.sop_flowchart_svg import SHAPES, FlowchartSvg, shape_svg
from ..report.sop_xlsx_layout import SYMBOL_KEYS, SYMBOLS
from .common import SopCommon


def _rows(*kinds):
    """A flow of one step per symbol in ``kinds``, in two columns; a decision's Tidak
    loops back to the first step."""
    rows = []
    for index, symbol in enumerate(kinds):
        if symbols.get(symbol).branches:
            edges = [(index + 1, "Ya"), (0, "Tidak")]
        else:
            edges = [] if index == len(kinds) - 1 else [(index + 1, "")]
        rows.append(
            {
                "id": index,
                "number": index + 1,
                "column": index % 2,
                "symbol": symbol,
                "height": 16.0,
                "edges": edges,
                "per_unit": index == 1,
            }
        )
    return rows


class TestSopSymbols(SopCommon):
    """Every part reads a step symbol from ``sop_lakip.symbols``; an unknown one is refused."""

    def test_selection_is_the_registry(self):
        """The step's Selection offers the registry's symbols, in its order, and defaults to it."""
        field = self.env["sop.step"]._fields["symbol"]
        self.assertEqual(field.selection, symbols.selection())
        self.assertEqual(self.env["sop.step"].default_get(["symbol"])["symbol"], symbols.DEFAULT)

    def test_unknown_symbol_raises(self):
        """An unknown symbol is an error in the registry, the geometry and the drawing."""
        with self.assertRaises(symbols.UnknownSymbol):
            symbols.get("hexagon")
        with self.assertRaises(symbols.UnknownSymbol):
            Flowchart(_rows("start", "hexagon", "end"), 26.0, 2, 160.0)
        with self.assertRaises(symbols.UnknownSymbol):
            shape_svg("hexagon", 10.0, 10.0, 8.0, 8.0, "")

    def test_unknown_symbol_in_database_is_not_printed_as_a_diamond(self):
        """A step whose stored symbol is not in the registry stops the print, as an error."""
        decision = self.sop.step_ids.filtered(lambda s: s.symbol == "decision")
        self.env.cr.execute("UPDATE sop_step SET symbol = 'hexagon' WHERE id = %s", [decision.id])
        decision.invalidate_recordset(["symbol"])
        with self.assertRaises(symbols.UnknownSymbol):
            self.env["report.sop_lakip.report_sop"]._get_layout(self.sop)

    def test_geometry_leaves_the_rows_alone(self):
        """Laying out a flowchart changes none of the caller's rows (a decision's row grows
        in the chart's own copy) and draws every symbol by its registry shape."""
        rows = _rows("start", "process", "decision", "process", "end")
        before = copy.deepcopy(rows)
        chart = Flowchart(rows, 26.0, 2, 60.0)
        self.assertEqual(rows, before)
        decision = chart.rows[2]
        self.assertIsNot(decision, rows[2])
        self.assertEqual(decision["height"], symbols.get("decision").row)
        self.assertEqual(rows[2]["height"], 16.0)
        shapes = {s["step"]: s["kind"] for page in chart.pages for s in page["shapes"]}
        self.assertEqual(shapes, {row["id"]: symbols.get(row["symbol"]).shape for row in rows})
        self.assertLessEqual(set(shapes.values()), set(SHAPES))
        drawing = FlowchartSvg(chart)
        svg = drawing.svg_slice(decision["page"], decision["top"], decision["height"])
        self.assertIsInstance(svg, Markup)
        self.assertIn('class="sop-decision" data-step="3"', svg)
        self.assertEqual(rows, before, "drawing the chart changes no row either")

    def test_excel_words_are_the_registry_words(self):
        """The Excel file writes each symbol's word and reads every word back to its symbol."""
        self.assertEqual(SYMBOLS, {key: s.word for key, s in symbols.SYMBOLS.items()})
        self.assertEqual(sorted(SYMBOL_KEYS.values()), sorted(symbols.SYMBOLS))

    def test_form_asks_ya_tidak_of_a_branching_symbol_only(self):
        """The SOP form's step list asks for Ya/Tidak steps where the symbol branches only."""
        form = Form(self.sop.with_user(self.user_kasubag))
        with form.step_ids.new() as line:
            line.name = "Memeriksa kertas kerja"
            line.role_id = self.role_kasubag
            line.symbol = "process"
            self.assertFalse(line.symbol_branches)
            with self.assertRaises(AssertionError):
                line.yes_number = 1
            line.symbol = "decision"
            self.assertTrue(line.symbol_branches)
            line.yes_number = 1
