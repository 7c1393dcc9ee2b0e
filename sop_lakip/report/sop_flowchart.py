"""Lay out and draw the flowchart of an SOP, page by page, as SVG (Permenpan RB 35/2012).

Pure geometry, in millimetres: the report and the tests use the same layout. Every step is
one table row; its symbol sits in its actor's column. Rows have a fixed height computed
here from their text, so the SVG drawn over the actor columns lines up with the table.
"""

import math

from markupsafe import Markup, escape

SYMBOL_HEIGHT = {"start": 7.0, "end": 7.0, "process": 8.0, "decision": 11.0}
CONNECTOR_ROW = 10.0  # height of the row that holds an off-page connector
LINE_HEIGHT = 3.6  # mm per line of 8pt text
CHARS_PER_MM = 0.55  # a safe (low) estimate of 8pt characters per millimetre
ROW_PADDING = 3.0
MIN_ROW = 16.0
LANE = 1.8  # distance of a side lane from the column's right edge


def text_lines(text, width):
    """How many lines ``text`` takes in a cell ``width`` mm wide (an upper estimate)."""
    per_line = max(int(width * CHARS_PER_MM), 1)
    lines = 0
    for paragraph in (text or "").splitlines() or [""]:
        words, length = paragraph.split(), 0
        lines += 1
        for word in words:
            if length and length + 1 + len(word) > per_line:
                lines += 1
                length = 0
            length += len(word) + (1 if length else 0)
            while length > per_line:  # a word longer than the line
                lines += 1
                length -= per_line
    return lines


def row_height(texts_and_widths):
    lines = max(text_lines(text, width) for text, width in texts_and_widths)
    return max(MIN_ROW, lines * LINE_HEIGHT + 2 * ROW_PADDING)


def connector_label(index):
    """A, B, …, Z, AA, AB, …"""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


class Flowchart:
    """The pages of an SOP's flowchart.

    :param rows: one dict per step, in order: ``id``, ``number``, ``column`` (0-based),
        ``symbol`` (start, process, decision, end), ``height`` (mm) and ``edges``, a list
        of ``(target id, label)`` where label is "Ya", "Tidak" or "".
    :param column_width: width of one actor column (mm)
    :param columns: number of actor columns
    :param page_height: height available for rows on one page (mm)
    """

    def __init__(self, rows, column_width, columns, page_height):
        self.cw = column_width
        self.columns = columns
        self.width = column_width * columns
        self.rows = rows
        self.by_id = {row["id"]: row for row in rows}
        self.pages = self._paginate(page_height)
        self._place()
        self.connectors = []
        for page in self.pages:
            page["shapes"], page["arrows"], page["labels"], page["connectors"] = [], [], [], []
        self._draw()

    # ------------------------------------------------------------------ layout
    def _paginate(self, page_height):
        pages, current, used = [], [], 0.0
        for index, row in enumerate(self.rows):
            last = index == len(self.rows) - 1
            top = CONNECTOR_ROW if pages else 0.0
            bottom = 0.0 if last else CONNECTOR_ROW
            if current and top + used + row["height"] + bottom > page_height:
                pages.append(current)
                current, used = [], 0.0
            current.append(row)
            used += row["height"]
        pages.append(current)
        result = []
        for number, page_rows in enumerate(pages):
            result.append(
                {
                    "number": number,
                    "rows": page_rows,
                    "top_connector": number > 0,
                    "bottom_connector": number < len(pages) - 1,
                }
            )
        return result

    def _place(self):
        for page in self.pages:
            y = CONNECTOR_ROW if page["top_connector"] else 0.0
            for row in page["rows"]:
                row["page"] = page["number"]
                row["top"] = y
                row["cx"] = (row["column"] + 0.5) * self.cw
                row["cy"] = y + row["height"] / 2
                row["w"] = min(self.cw * 0.72, 22.0)
                row["h"] = SYMBOL_HEIGHT[row["symbol"]]
                y += row["height"]
            page["height"] = y + (CONNECTOR_ROW if page["bottom_connector"] else 0.0)

    @staticmethod
    def _bottom(row):
        return (row["cx"], row["cy"] + row["h"] / 2)

    @staticmethod
    def _top(row):
        return (row["cx"], row["cy"] - row["h"] / 2)

    @staticmethod
    def _right(row):
        return (row["cx"] + row["w"] / 2, row["cy"])

    def _lane(self, *columns):
        return (max(columns) + 1) * self.cw - LANE

    # ------------------------------------------------------------------ drawing
    def _draw(self):
        for row in self.rows:
            self.pages[row["page"]]["shapes"].append(
                {
                    "step": row["id"],
                    "number": row["number"],
                    "kind": {"start": "terminator", "end": "terminator"}.get(
                        row["symbol"], row["symbol"]
                    ),
                    "column": row["column"],
                    "cx": row["cx"],
                    "cy": row["cy"],
                    "w": row["w"],
                    "h": row["h"],
                }
            )
        order = [row["id"] for row in self.rows]
        for index, row in enumerate(self.rows):
            for target_id, label in row["edges"]:
                target = self.by_id[target_id]
                follows = order.index(target_id) == index + 1
                if target["page"] == row["page"]:
                    if follows:
                        self._down(row, target, label)
                    else:
                        self._side(row, target, label)
                else:
                    self._off_page(row, target, label, follows)

    def _arrow(self, page, source, target, points, label):
        self.pages[page]["arrows"].append(
            {"from": source, "to": target, "label": label, "points": points}
        )
        if label:
            x, y = points[0]
            dx, dy = (points[1][0] - x, points[1][1] - y)
            self.pages[page]["labels"].append(
                {
                    "text": label,
                    "x": x + (1.2 if dx >= 0 else -1.2) + (0.8 if dy else 0),
                    "y": y + (3.0 if dy else -1.0),
                    "anchor": "start" if dx >= 0 else "end",
                }
            )

    def _down(self, row, target, label):
        x1, y1 = self._bottom(row)
        x2, y2 = self._top(target)
        if abs(x1 - x2) < 0.01:
            points = [(x1, y1), (x2, y2)]
        else:  # elbow at the boundary between the two rows
            mid = row["top"] + row["height"]
            points = [(x1, y1), (x1, mid), (x2, mid), (x2, y2)]
        self._arrow(row["page"], row["id"], target["id"], points, label)

    def _side(self, row, target, label):
        lane = self._lane(row["column"], target["column"])
        x1, y1 = self._right(row)
        x2, y2 = self._right(target)
        points = [(x1, y1), (lane, y1), (lane, y2), (x2, y2)]
        self._arrow(row["page"], row["id"], target["id"], points, label)

    def _connector(self, page, label, column, y, down=True):
        connector = {
            "label": label,
            "column": column,
            "cx": (column + 0.5) * self.cw,
            "cy": y,
            "down": down,
        }
        self.pages[page]["connectors"].append(connector)
        return connector

    def _off_page(self, row, target, label, follows):
        name = connector_label(len(self.connectors))
        self.connectors.append(name)
        if follows:  # the flow goes on at the top of the next page
            source_page = self.pages[row["page"]]
            y_out = source_page["height"] - CONNECTOR_ROW / 2
            out = self._connector(row["page"], name, row["column"], y_out)
            x1, y1 = self._bottom(row)
            self._arrow(row["page"], row["id"], None, [(x1, y1), (out["cx"], y_out - 3.0)], label)
            incoming = self._connector(target["page"], name, target["column"], CONNECTOR_ROW / 2)
            x2, y2 = self._top(target)
            self._arrow(
                target["page"], None, target["id"], [(incoming["cx"], 5.0 + 3.0), (x2, y2)], ""
            )
            return
        # a jump to another page (usually a loop back): a connector beside each end
        lane = self._lane(row["column"])
        x1, y1 = self._right(row)
        out = self._connector(row["page"], name, row["column"], y1, down=False)
        out["cx"] = lane - 2.5
        self._arrow(row["page"], row["id"], None, [(x1, y1), (out["cx"] - 2.5, y1)], label)
        incoming = self._connector(target["page"], name, target["column"], target["cy"], down=False)
        incoming["cx"] = self._lane(target["column"]) - 2.5
        x2, y2 = self._right(target)
        self._arrow(target["page"], None, target["id"], [(incoming["cx"] - 2.5, y2), (x2, y2)], "")

    # ------------------------------------------------------------------ SVG
    def svg(self, page):
        """The drawing of one page: a list of (top, bottom, SVG element), in mm."""
        page = self.pages[page]
        if "svg" in page:
            return page["svg"]
        out = [
            (
                0.0,
                page["height"],
                f'<line x1="{i * self.cw:.2f}" y1="0" x2="{i * self.cw:.2f}" '
                f'y2="{page["height"]:.2f}" stroke="#000" stroke-width="0.2"/>',
            )
            for i in range(1, self.columns)
        ]
        style = 'fill="#fff" stroke="#000" stroke-width="0.35"'
        for arrow in page["arrows"]:
            ys = [y for _x, y in arrow["points"]]
            points = " ".join(f"{x:.2f},{y:.2f}" for x, y in arrow["points"])
            out.append(
                (
                    min(ys) - 2,
                    max(ys) + 2,
                    f'<polyline class="sop-arrow" points="{points}" fill="none" stroke="#000" '
                    'stroke-width="0.3"/>' + self._arrowhead(*arrow["points"][-2:]),
                )
            )
        for shape in page["shapes"]:
            cx, cy, w, h = shape["cx"], shape["cy"], shape["w"], shape["h"]
            kind = shape["kind"]
            attrs = f'class="sop-{kind}" data-step="{shape["number"]}" {style}'
            if kind == "terminator":
                element = (
                    f'<rect {attrs} x="{cx - w / 2:.2f}" y="{cy - h / 2:.2f}" width="{w:.2f}" '
                    f'height="{h:.2f}" rx="{h / 2:.2f}" ry="{h / 2:.2f}"/>'
                )
            elif kind == "process":
                element = (
                    f'<rect {attrs} x="{cx - w / 2:.2f}" y="{cy - h / 2:.2f}" width="{w:.2f}" '
                    f'height="{h:.2f}"/>'
                )
            else:
                element = (
                    f'<polygon {attrs} points="{cx:.2f},{cy - h / 2:.2f} {cx + w / 2:.2f},{cy:.2f} '
                    f'{cx:.2f},{cy + h / 2:.2f} {cx - w / 2:.2f},{cy:.2f}"/>'
                )
            out.append((cy - h / 2, cy + h / 2, element))
        for label in page["labels"]:
            out.append(
                (
                    label["y"] - 2.6,
                    label["y"],
                    f'<text x="{label["x"]:.2f}" y="{label["y"]:.2f}" font-size="2.6" '
                    f'font-family="Arial, sans-serif" text-anchor="{label["anchor"]}">'
                    f"{escape(label['text'])}</text>",
                )
            )
        for connector in page["connectors"]:
            out.append(
                (
                    connector["cy"] - 2.5,
                    connector["cy"] + 2.5,
                    self._connector_svg(connector, style),
                )
            )
        page["svg"] = out
        return out

    def svg_slice(self, page, top, height):
        """The part of a page's drawing between ``top`` and ``top + height`` (one table row).

        Each row of the printed table carries its own slice, so that the drawing stays
        aligned with the rows whatever the table's borders add.
        """
        bottom = top + height
        elements = "".join(
            element for low, high, element in self.svg(page) if high > top and low < bottom
        )
        return Markup(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width:.2f}mm" '
            f'height="{height:.2f}mm" viewBox="0 {top:.2f} {self.width:.2f} {height:.2f}" '
            f'preserveAspectRatio="none">{elements}</svg>'
        )

    @staticmethod
    def _arrowhead(start, end, length=1.8, half_width=0.9):
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

    @staticmethod
    def _connector_svg(connector, style):
        cx, cy = connector["cx"], connector["cy"]
        w, h = 5.0, 5.0
        if connector["down"]:  # a pentagon pointing down
            points = [
                (cx - w / 2, cy - h / 2),
                (cx + w / 2, cy - h / 2),
                (cx + w / 2, cy + h / 6),
                (cx, cy + h / 2),
                (cx - w / 2, cy + h / 6),
            ]
        else:  # pointing left, towards the step beside it
            points = [
                (cx + w / 2, cy - h / 2),
                (cx + w / 2, cy + h / 2),
                (cx - w / 6, cy + h / 2),
                (cx - w / 2, cy),
                (cx - w / 6, cy - h / 2),
            ]
        shape = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
        return (
            f'<polygon class="sop-connector" data-label="{escape(connector["label"])}" '
            f'points="{shape}" {style}/>'
            f'<text x="{cx:.2f}" y="{cy + 0.2:.2f}" font-size="2.6" font-family="Arial, sans-serif" '
            f'text-anchor="middle">{escape(connector["label"])}</text>'
        )
