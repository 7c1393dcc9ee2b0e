"""Write a laid-out flowchart (``sop_flowchart.Flowchart``) as SVG, in millimetres.

Each row of the printed table carries its own slice of its page's drawing (``svg_slice``),
so that the drawing stays aligned with the rows whatever the table's borders add. Every
symbol is drawn by the outline of its shape (``SHAPES``, the ``shape`` of
``sop_lakip.symbols``); a shape not there is an error, never drawn as another one.
"""

import math

from markupsafe import Markup, escape

from ..symbols import UnknownSymbol
from .sop_flowchart import CONNECTOR_SIZE, LABEL_SIZE, UNIT_OFFSET

STYLE = 'fill="#fff" stroke="#000" stroke-width="0.35"'


def _terminator(cx, cy, w, h, attrs):
    return (
        f'<rect {attrs} x="{cx - w / 2:.2f}" y="{cy - h / 2:.2f}" width="{w:.2f}" '
        f'height="{h:.2f}" rx="{h / 2:.2f}" ry="{h / 2:.2f}"/>'
    )


def _process(cx, cy, w, h, attrs):
    return (
        f'<rect {attrs} x="{cx - w / 2:.2f}" y="{cy - h / 2:.2f}" width="{w:.2f}" '
        f'height="{h:.2f}"/>'
    )


def _decision(cx, cy, w, h, attrs):
    return (
        f'<polygon {attrs} points="{cx:.2f},{cy - h / 2:.2f} {cx + w / 2:.2f},{cy:.2f} '
        f'{cx:.2f},{cy + h / 2:.2f} {cx - w / 2:.2f},{cy:.2f}"/>'
    )


# The outline of each shape a symbol may have: ``(cx, cy, w, h, attrs)`` to an SVG element.
SHAPES = {"terminator": _terminator, "process": _process, "decision": _decision}


def shape_svg(kind, cx, cy, w, h, attrs):
    """The SVG outline of a symbol of shape ``kind``, centred on ``(cx, cy)``."""
    if kind not in SHAPES:
        raise UnknownSymbol(f"No drawing for the symbol shape {kind!r}")
    return SHAPES[kind](cx, cy, w, h, attrs)


def arrowhead(start, end, length=1.8, half_width=0.9):
    """A filled triangle at ``end`` pointing along the segment from ``start``.

    Drawn as a polygon: the wkhtmltopdf of Debian does not draw SVG markers.
    """
    (x1, y1), (x2, y2) = start, end
    size = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / size, (y2 - y1) / size
    bx, by = x2 - ux * length, y2 - uy * length
    points = (
        (x2, y2),
        (bx - uy * half_width, by + ux * half_width),
        (bx + uy * half_width, by - ux * half_width),
    )
    shape = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
    return f'<polygon class="sop-arrowhead" points="{shape}" fill="#000"/>'


def connector_svg(connector, style=STYLE):
    """An off-page connector: a pentagon pointing down, or towards the step beside it."""
    cx, cy = connector["cx"], connector["cy"]
    w = h = 5.0 if connector["down"] else CONNECTOR_SIZE
    if connector["down"]:
        points = [
            (cx - w / 2, cy - h / 2),
            (cx + w / 2, cy - h / 2),
            (cx + w / 2, cy + h / 6),
            (cx, cy + h / 2),
            (cx - w / 2, cy + h / 6),
        ]
    else:
        sign = -1 if connector.get("side", "right") == "right" else 1
        points = [
            (cx - sign * w / 2, cy - h / 2),
            (cx - sign * w / 2, cy + h / 2),
            (cx + sign * w / 6, cy + h / 2),
            (cx + sign * w / 2, cy),
            (cx + sign * w / 6, cy - h / 2),
        ]
    shape = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
    return (
        f'<polygon class="sop-connector" data-label="{escape(connector["label"])}" '
        f'points="{shape}" {style}/>'
        f'<text x="{cx:.2f}" y="{cy + 0.9:.2f}" font-size="2.6" font-family="Arial, sans-serif" '
        f'text-anchor="middle">{escape(connector["label"])}</text>'
    )


class FlowchartSvg:
    """The SVG of a laid-out ``Flowchart``, page by page; each page written once."""

    def __init__(self, chart):
        self.chart = chart
        self._pages = {}

    def page(self, number):
        """The drawing of one page: a list of ``(top, bottom, SVG element)``, in mm, in
        drawing order (column rulings, arrows, symbols, labels, connectors)."""
        if number not in self._pages:
            page = self.chart.pages[number]
            self._pages[number] = (
                self._rulings(page)
                + [self._arrow(arrow) for arrow in page["arrows"]]
                + [self._shape(shape) for shape in page["shapes"]]
                + [self._label(label) for label in page["labels"]]
                + [
                    (connector["cy"] - 2.5, connector["cy"] + 2.5, connector_svg(connector))
                    for connector in page["connectors"]
                ]
            )
        return self._pages[number]

    def svg_slice(self, page, top, height):
        """The part of a page's drawing between ``top`` and ``top + height`` (one table row)."""
        bottom = top + height
        width = self.chart.width
        elements = "".join(
            element for low, high, element in self.page(page) if high > top and low < bottom
        )
        return Markup(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}mm" '
            f'height="{height:.2f}mm" viewBox="0 {top:.2f} {width:.2f} {height:.2f}" '
            f'preserveAspectRatio="none">{elements}</svg>'
        )

    def _rulings(self, page):
        cw = self.chart.cw
        return [
            (
                0.0,
                page["height"],
                f'<line x1="{i * cw:.2f}" y1="0" x2="{i * cw:.2f}" '
                f'y2="{page["height"]:.2f}" stroke="#000" stroke-width="0.2"/>',
            )
            for i in range(1, self.chart.columns)
        ]

    @staticmethod
    def _arrow(arrow):
        ys = [y for _x, y in arrow["points"]]
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in arrow["points"])
        return (
            min(ys) - 2,
            max(ys) + 2,
            f'<polyline class="sop-arrow" points="{points}" fill="none" stroke="#000" '
            'stroke-width="0.3"/>' + arrowhead(*arrow["points"][-2:]),
        )

    @staticmethod
    def _shape(shape):
        cx, cy, w, h = shape["cx"], shape["cy"], shape["w"], shape["h"]
        kind = shape["kind"]
        attrs = f'class="sop-{kind}" data-step="{shape["number"]}" {STYLE}'
        element = shape_svg(kind, cx, cy, w, h, attrs)
        if shape["per_unit"]:  # a second outline behind: done by every unit
            back = f'class="sop-per-unit" {STYLE}'
            element = shape_svg(kind, cx + UNIT_OFFSET, cy - UNIT_OFFSET, w, h, back) + element
        return (cy - h / 2 - UNIT_OFFSET, cy + h / 2, element)

    def _label(self, label):
        text = (
            f'<text x="{label["x"]:.2f}" y="{label["y"]:.2f}" font-size="{LABEL_SIZE}" '
            f'font-family="Arial, sans-serif" text-anchor="{label["anchor"]}">'
            f"{escape(label['text'])}</text>"
        )
        if label.get("knockout"):  # written on its own line: the line broken under it
            x1, y1, x2, y2 = self.chart.label_box(label)
            text = (
                f'<rect class="sop-label-knockout" x="{x1 - 0.3:.2f}" y="{y1 - 0.3:.2f}" '
                f'width="{x2 - x1 + 0.6:.2f}" height="{y2 - y1 + 0.6:.2f}" fill="#fff" />' + text
            )
        return (label["y"] - 2.6, label["y"], text)
