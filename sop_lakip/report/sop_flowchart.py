"""Lay out the flowchart of an SOP, page by page (Permenpan RB 35/2012).

Pure geometry, in millimetres: the report and the tests use the same layout; the SVG is
written from it by ``sop_flowchart_svg``. Every step is one table row; its symbol sits in
its actor's column. Rows have a fixed height computed by the caller from their text, so
that the drawing laid over the actor columns lines up with the table. What each symbol
looks like and needs (its height, width, row) is read from ``sop_lakip.symbols``.

Connectors keep clear of the table's rulings so that they read at any zoom: an arrow to
another column leaves its symbol by the side and runs across the middle of the source
row, never along a row border; jumps (loop-backs, skips) run in lanes kept
``LANE_MARGIN`` inside a column border, one lane per jump that overlaps another; labels
are placed where their box touches no line, border or symbol.
"""

import itertools
import math

from .. import symbols
from .sop_text_metrics import text_width

CONNECTOR_ROW = 10.0  # height of the row that holds an off-page connector
ROW_RULE = 0.2  # what each printed row adds to its height (its share of the rulings)
LANE_MARGIN = 2.5  # a lane's distance from the column border it runs beside
LANE_GAP = 1.5  # between two lanes on the same side of a column
SYMBOL_CLEAR = 1.5  # between a symbol and the innermost lane
SLOT = 2.6  # vertical offset between two arrows meeting the same side of a symbol
UNIT_OFFSET = 0.8  # offset of the second outline of a step done by every unit
LABEL_SIZE = 2.4  # font size (mm) of Ya/Tidak
CONNECTOR_SIZE = 4.0  # an off-page connector beside a step, centred on its lane
LABEL_CLEAR = 0.4  # free space kept around a label
# A Ya/Tidak label stands within LABEL_REACH of its own branch's first segments and at least
# LABEL_MARGIN nearer to them than to another branch's; where no free spot is that near (in
# a narrow column), it is written on its own line, the line broken under it.
LABEL_REACH = 3.5
LABEL_MARGIN = 1.0


def connector_label(index):
    """A, B, …, Z, AA, AB, …"""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def _boxes_overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def box_distance(a, b):
    """The distance (mm) between two boxes ``(x1, y1, x2, y2)``; 0 when they touch."""
    return math.hypot(max(b[0] - a[2], a[0] - b[2], 0.0), max(b[1] - a[3], a[1] - b[3], 0.0))


def _segment_box(segment, clear=0.0):
    (x1, y1), (x2, y2) = segment
    return (min(x1, x2) - clear, min(y1, y2) - clear, max(x1, x2) + clear, max(y1, y2) + clear)


def _beside(box, line, others):
    """Whether a label's ``box`` reads as its own branch's: within LABEL_REACH of its first
    segments (``line``) and LABEL_MARGIN nearer to them than to another branch's."""
    own = min(box_distance(box, segment) for segment in line)
    other = min((box_distance(box, segment) for segment in others), default=math.inf)
    return own <= LABEL_REACH and own <= other - LABEL_MARGIN


def _preferred_spots(first_segment, width, height):
    """Where a label of ``width`` x ``height`` mm is best put, best first, for a branch
    whose line starts with ``first_segment``."""
    (x0, y0), (x1, _y1) = first_segment
    gap = LABEL_CLEAR + 0.2
    if abs(x1 - x0) < 0.01:  # leaves downwards: beside the line, just below
        return [(x0 + gap, y0 + gap), (x0 - gap - width, y0 + gap)]
    # leaves by a side: above, then below the line, the nearer the symbol the better;
    # lifted off the line past an off-page connector at a short line's end
    steps = range(max(int((abs(x1 - x0) - 2 * gap - width) / 0.5), 0) + 1)
    sign = 1 if x1 > x0 else -1
    return [
        (x0 + sign * (gap + step * 0.5) - (width if sign < 0 else 0.0), y)
        for lift in (0.0, 0.5, 1.0, 1.5, 2.0, 2.5)
        for step in steps
        for y in (y0 - gap - height - lift, y0 + gap + lift)
    ]


def _reach(shape, half_w, half_h, dy):
    """How far right of its centre a horizontal line at ``dy`` from the centre meets the
    outline of a ``shape`` (a key of ``sop_flowchart_svg.SHAPES``) of that half size."""
    if shape == "decision":  # a diamond
        return half_w * (1 - abs(dy) / half_h)
    if shape == "terminator":  # a capsule: round ends of radius half_h
        return half_w - half_h + math.sqrt(max(half_h**2 - dy**2, 0.0))
    return half_w  # a rectangle


class Flowchart:
    """The pages of an SOP's flowchart.

    :param rows: one dict per step, in order: ``id``, ``number``, ``column`` (0-based),
        ``symbol`` (a key of ``sop_lakip.symbols``; another raises ``UnknownSymbol``),
        ``height`` (mm), ``edges``, a list of ``(target id, label)`` where label is "Ya",
        "Tidak" or "", and optionally ``per_unit`` (the step is done by every unit, drawn as
        a stacked symbol). They are not changed: ``self.rows`` holds laid-out copies.
    :param column_width: width of one actor column (mm)
    :param columns: number of actor columns
    :param page_height: height available for rows on one page (mm)
    """

    def __init__(self, rows, column_width, columns, page_height):
        self.cw = column_width
        self.columns = columns
        self.width = column_width * columns
        self.rows = []
        for row in rows:
            symbol = symbols.get(row["symbol"])
            height = max(row["height"], symbol.row)
            self.rows.append({**row, "height": height, "shape": symbol.shape})
        self.by_id = {row["id"]: row for row in self.rows}
        self.order = {row["id"]: index for index, row in enumerate(self.rows)}
        self.page_height = page_height
        self.pages = self._paginate(page_height)
        self._place()
        self.connectors = []
        for page in self.pages:
            page["shapes"], page["arrows"], page["labels"], page["connectors"] = [], [], [], []
        self._draw()

    # ------------------------------------------------------------------ layout
    def _paginate(self, page_height):
        """Pack rows until the page is full, keeping room for the connector rows."""
        pages, current, used = [], [], 0.0
        for index, row in enumerate(self.rows):
            last = index == len(self.rows) - 1
            top = CONNECTOR_ROW if pages else 0.0
            bottom = 0.0 if last else CONNECTOR_ROW
            if current and top + used + row["height"] + ROW_RULE + bottom > page_height:
                pages.append(current)
                current, used = [], 0.0
            current.append(row)
            used += row["height"] + ROW_RULE
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
            page["borders"] = [0.0, y] if y else [0.0]
            for row in page["rows"]:
                row["page"] = page["number"]
                row["top"] = y
                row["cx"] = (row["column"] + 0.5) * self.cw
                row["cy"] = y + row["height"] / 2
                row["h"] = symbols.get(row["symbol"]).height
                row["slots"] = {"left": [], "right": []}
                y += row["height"]
                page["borders"].append(y)
            page["height"] = y + (CONNECTOR_ROW if page["bottom_connector"] else 0.0)
            if page["bottom_connector"]:
                page["borders"].append(page["height"])
        self._assign_lanes()
        side = LANE_MARGIN + (self.lane_count - 1) * LANE_GAP + SYMBOL_CLEAR + UNIT_OFFSET
        if any("target_lane" in jump for jump in self.jumps.values()):
            side += CONNECTOR_SIZE  # an off-page connector sits inside the lane
        width = max(min(self.cw * 0.72, 22.0, self.cw - 2 * side), 6.0)
        for row in self.rows:
            row["w"] = width * symbols.get(row["symbol"]).width

    def _jumps(self):
        """The edges drawn in a lane: to a step other than the next one."""
        for row in self.rows:
            for target_id, label in row["edges"]:
                if self.order[target_id] != self.order[row["id"]] + 1:
                    yield row, self.by_id[target_id], label

    # Long on purpose: one sweep over the jumps (loop-backs and skips); its parts share the
    # occupied-lane bookkeeping.
    def _assign_lanes(self):
        """Side, slots and lane of every jump; jumps that overlap get separate lanes."""
        self.jumps, busy = {}, {}

        def take(row, side):
            for dy in (0.0, -SLOT, SLOT, -SLOT / 2, SLOT / 2):
                if dy not in row["slots"][side]:
                    row["slots"][side].append(dy)
                    return dy
            return 0.0

        def lane_for(page, column, side, low, high):
            taken = busy.setdefault((page, column, side), [])
            lane = 0
            while any(lane == used and low < b + 1.0 and a - 1.0 < high for used, a, b in taken):
                lane += 1
            taken.append((lane, low, high))
            return lane

        for row in self.rows:  # a step followed in another column leaves by that side
            for target_id, _label in row["edges"]:
                target = self.by_id[target_id]
                if (
                    self.order[target_id] == self.order[row["id"]] + 1
                    and target["column"] != row["column"]
                    and target["page"] == row["page"]
                ):
                    row["slots"]["right" if target["column"] > row["column"] else "left"].append(
                        0.0
                    )
        jumps = sorted(
            self._jumps(),
            key=lambda jump: abs(self.order[jump[0]["id"]] - self.order[jump[1]["id"]]),
        )
        for row, target, label in jumps:
            side = "left" if 0.0 in row["slots"]["right"] else "right"
            exit_dy, entry_dy = take(row, side), take(target, side)
            info = {"side": side, "exit": exit_dy, "entry": entry_dy}
            if target["page"] == row["page"]:
                pick = max if side == "right" else min
                info["column"] = pick(row["column"], target["column"])
                low, high = sorted((row["cy"] + exit_dy, target["cy"] + entry_dy))
                info["lane"] = lane_for(row["page"], info["column"], side, low, high)
            else:
                info["column"] = row["column"]
                y = row["cy"] + exit_dy
                info["lane"] = lane_for(row["page"], row["column"], side, y - 3.0, y + 3.0)
                y = target["cy"] + entry_dy
                info["target_lane"] = lane_for(
                    target["page"], target["column"], side, y - 3.0, y + 3.0
                )
            self.jumps[(row["id"], target["id"], label)] = info
        self.lane_count = max(
            [lane + 1 for taken in busy.values() for lane, _a, _b in taken] or [1]
        )

    def _lane_x(self, side, column, lane):
        if side == "right":
            return (column + 1) * self.cw - LANE_MARGIN - lane * LANE_GAP
        return column * self.cw + LANE_MARGIN + lane * LANE_GAP

    @staticmethod
    def _bottom(row):
        return (row["cx"], row["cy"] + row["h"] / 2)

    @staticmethod
    def _top(row):
        grow = UNIT_OFFSET if row.get("per_unit") else 0.0
        return (row["cx"], row["cy"] - row["h"] / 2 - grow)

    @staticmethod
    def _side_point(row, side, dy):
        """Where a horizontal line at ``cy + dy`` meets the symbol's outline."""
        reach = _reach(row["shape"], row["w"] / 2, row["h"] / 2, dy)
        if side == "right":
            return (
                row["cx"] + reach + (UNIT_OFFSET if row.get("per_unit") else 0.0),
                row["cy"] + dy,
            )
        return (row["cx"] - reach, row["cy"] + dy)

    # ------------------------------------------------------------------ drawing
    def _draw(self):
        for row in self.rows:
            self.pages[row["page"]]["shapes"].append(
                {
                    "step": row["id"],
                    "number": row["number"],
                    "kind": row["shape"],
                    "column": row["column"],
                    "cx": row["cx"],
                    "cy": row["cy"],
                    "w": row["w"],
                    "h": row["h"],
                    "per_unit": bool(row.get("per_unit")),
                }
            )
        for row in self.rows:
            for target_id, label in row["edges"]:
                target = self.by_id[target_id]
                follows = self.order[target_id] == self.order[row["id"]] + 1
                if target["page"] == row["page"]:
                    if follows:
                        self._down(row, target, label)
                    else:
                        self._side(row, target, label)
                else:
                    self._off_page(row, target, label, follows)
        for page in self.pages:
            self._place_labels(page)

    def _arrow(self, page, source, target, points, label):
        self.pages[page]["arrows"].append(
            {"from": source, "to": target, "label": label, "points": points}
        )

    def _down(self, row, target, label):
        x2, y2 = self._top(target)
        if target["column"] == row["column"]:
            points = [self._bottom(row), (x2, y2)]
        else:  # leave by the side, across the middle of the row, then down
            side = "right" if target["column"] > row["column"] else "left"
            x1, y1 = self._side_point(row, side, 0.0)
            points = [(x1, y1), (x2, y1), (x2, y2)]
        self._arrow(row["page"], row["id"], target["id"], points, label)

    def _side(self, row, target, label):
        info = self.jumps[(row["id"], target["id"], label)]
        lane = self._lane_x(info["side"], info["column"], info["lane"])
        x1, y1 = self._side_point(row, info["side"], info["exit"])
        x2, y2 = self._side_point(target, info["side"], info["entry"])
        points = [(x1, y1), (lane, y1), (lane, y2), (x2, y2)]
        self._arrow(row["page"], row["id"], target["id"], points, label)

    def _connector(self, page, label, column, y, down=True, cx=None):
        connector = {
            "label": label,
            "column": column,
            "cx": (column + 0.5) * self.cw if cx is None else cx,
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
            self._arrow(row["page"], row["id"], None, [(x1, y1), (out["cx"], y_out - 2.5)], label)
            incoming = self._connector(target["page"], name, target["column"], CONNECTOR_ROW / 2)
            x2, y2 = self._top(target)
            self._arrow(
                target["page"], None, target["id"], [(incoming["cx"], 5.0 + 2.5), (x2, y2)], ""
            )
            return
        # a jump to another page (usually a loop back): a connector beside each end, its
        # outer edge on the lane (as far from the ruling as a lane), pointing at its step
        info = self.jumps[(row["id"], target["id"], label)]
        side = info["side"]
        half = CONNECTOR_SIZE / 2 if side == "right" else -CONNECTOR_SIZE / 2
        cx = self._lane_x(side, row["column"], info["lane"]) - half
        x1, y1 = self._side_point(row, side, info["exit"])
        self._connector(row["page"], name, row["column"], y1, down=False, cx=cx)["side"] = side
        self._arrow(row["page"], row["id"], None, [(x1, y1), (cx - half, y1)], label)
        cx = self._lane_x(side, target["column"], info["target_lane"]) - half
        x2, y2 = self._side_point(target, side, info["entry"])
        self._connector(target["page"], name, target["column"], y2, down=False, cx=cx)["side"] = (
            side
        )
        self._arrow(target["page"], None, target["id"], [(cx - half, y2), (x2, y2)], "")

    # ------------------------------------------------------------------ labels
    def obstacles(self, page):
        """Boxes a label must not touch: every arrow segment, symbol and connector."""
        boxes = []
        for arrow in page["arrows"]:
            points = arrow["points"]
            boxes += [_segment_box(seg) for seg in itertools.pairwise(points)]
        for shape in page["shapes"]:
            grow = UNIT_OFFSET if shape["per_unit"] else 0.0
            boxes.append(
                (
                    shape["cx"] - shape["w"] / 2,
                    shape["cy"] - shape["h"] / 2 - grow,
                    shape["cx"] + shape["w"] / 2 + grow,
                    shape["cy"] + shape["h"] / 2,
                )
            )
        for connector in page["connectors"]:
            boxes.append(
                (
                    connector["cx"] - 2.5,
                    connector["cy"] - 2.5,
                    connector["cx"] + 2.5,
                    connector["cy"] + 2.5,
                )
            )
        return boxes

    def label_box(self, label):
        """The box (x1, y1, x2, y2) a label's text covers."""
        width = text_width(label["text"], LABEL_SIZE)
        x = label["x"] if label["anchor"] == "start" else label["x"] - width
        return (x, label["y"] - LABEL_SIZE * 0.75, x + width, label["y"] + LABEL_SIZE * 0.2)

    def _cell_of(self, page, x, y):
        column = min(max(int(x // self.cw), 0), self.columns - 1)
        borders = page["borders"]
        top = max([b for b in borders if b <= y] or [0.0])
        bottom = min([b for b in borders if b > y] or [page["height"]])
        return (column * self.cw, top, (column + 1) * self.cw, bottom)

    def _label_spots(self, cell, preferred, size, line):
        """Where a label may go: beside its line (``preferred``, with their cells), else the
        spot of its cell nearest to the ``line`` (the boxes of its first segments), else of
        another cell of the row, as ``(left, top, cell)``."""
        yield from preferred
        others = sorted(
            (
                (column * self.cw, cell[1], (column + 1) * self.cw, cell[3])
                for column in range(self.columns)
                if abs(column * self.cw - cell[0]) > 0.01
            ),
            key=lambda other: abs(other[0] - cell[0]),
        )
        for area in (cell, *others):
            points = (
                (area[0] + i * 0.5, area[1] + j * 0.5)
                for i in range(int((area[2] - area[0]) / 0.5) + 1)
                for j in range(int((area[3] - area[1]) / 0.5) + 1)
            )
            for left, top in sorted(
                points,
                key=lambda p: min(
                    box_distance((p[0], p[1], p[0] + size[0], p[1] + size[1]), segment)
                    for segment in line
                ),
            ):
                yield left, top, area

    def _on_line(self, page, arrow, size, obstacles, line, branches):
        """The spot of a label written on its own branch (its first two segments, from the
        symbol on): the first along it that touches nothing but that branch and keeps
        LABEL_MARGIN from the other ``branches``, as ``(left, top)``; None if none does."""
        own = set(line)
        others = [box for box in obstacles if box not in own]
        for (x0, y0), (x1, y1) in itertools.pairwise(arrow["points"][:3]):
            length = math.hypot(x1 - x0, y1 - y0) or 1.0
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            half = size[0] / 2 if abs(ux) > 0.5 else size[1] / 2
            for step in range(int(max(length - 2 * half - 2 * LABEL_CLEAR, 0.0) / 0.5) + 1):
                along = half + LABEL_CLEAR + step * 0.5
                cx, cy = x0 + ux * along, y0 + uy * along
                box = (cx - size[0] / 2, cy - size[1] / 2, cx + size[0] / 2, cy + size[1] / 2)
                cell = self._cell_of(page, cx, cy)
                if (
                    cell[0] <= box[0]
                    and box[2] <= cell[2]
                    and cell[1] <= box[1]
                    and box[3] <= cell[3]
                    and _beside(box, line, branches)
                    and not any(_boxes_overlap(box, other) for other in others)
                ):
                    return box[0], box[1]
        return None

    def _place_labels(self, page):
        obstacles = self.obstacles(page)
        firsts = {
            id(arrow): [_segment_box(seg) for seg in itertools.pairwise(arrow["points"][:3])]
            for arrow in page["arrows"]
            if arrow["label"]
        }
        for arrow in page["arrows"]:
            if not arrow["label"]:
                continue
            others = [box for key, boxes in firsts.items() if key != id(arrow) for box in boxes]
            (x0, y0), (x1, _y1) = arrow["points"][:2]
            width = text_width(arrow["label"], LABEL_SIZE)
            height = LABEL_SIZE * 0.95
            cell = self._cell_of(page, x0 + (0.1 if x1 >= x0 else -0.1), y0 + 0.1)
            preferred = [
                (x, y, self._cell_of(page, x, y))
                for x, y in _preferred_spots(arrow["points"][:2], width, height)
            ]
            line = firsts[id(arrow)]
            spot = free = None
            for x, y, area in self._label_spots(cell, preferred, (width, height), line):
                box = (x, y, x + width, y + height)
                inside = (
                    box[0] >= area[0] + LABEL_CLEAR
                    and box[2] <= area[2] - LABEL_CLEAR
                    and box[1] >= area[1] + LABEL_CLEAR
                    and box[3] <= area[3] - LABEL_CLEAR
                )
                grown = (
                    box[0] - LABEL_CLEAR,
                    box[1] - LABEL_CLEAR,
                    box[2] + LABEL_CLEAR,
                    box[3] + LABEL_CLEAR,
                )
                if inside and not any(_boxes_overlap(grown, other) for other in obstacles):
                    if _beside(box, line, others):
                        spot = (x, y)
                        break
                    free = free or (x, y)
            knockout = False
            if spot is None:
                # no free spot beside it: on its own line, else the nearest free one
                spot = self._on_line(page, arrow, (width, height), obstacles, line, others)
                knockout = spot is not None
            left, top = spot or free or preferred[0][:2]
            label = {
                "text": arrow["label"],
                "x": left,
                "y": top + LABEL_SIZE * 0.75 + (height - LABEL_SIZE * 0.95) / 2,
                "anchor": "start",
                "knockout": knockout,
            }
            page["labels"].append(label)
            obstacles.append(self.label_box(label))
