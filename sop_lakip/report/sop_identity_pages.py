"""The identity page of the printed SOP form: its six list sections laid out on one page or
more (pure, in millimetres; the text measured by ``sop_text_metrics``)."""

from .sop_text_metrics import LINE_SPACING, PT, RENDER_SCALE, wrap_words

SECTION_MIN = 15.0  # a sections cell is never lower than this (mm, content)
SECTION_FRAME = 2.5  # padding and border of a sections cell (mm)
SECTION_INDENT = 6.0  # padding and list indent inside a sections cell (mm)
SECTION_SIZES = (7.5, 7.0, 6.5)  # font sizes (pt) tried before a list goes on another page


def _item_lines(text, width, size):
    return sum(
        max(len(wrap_words(paragraph, width, size * PT)), 1)
        for paragraph in (text or "").splitlines() or [""]
    )


def _cell_height(cell, width, size):
    line = size * PT * LINE_SPACING
    lines = sum(_item_lines(item, width, size) for item in cell["items"]) or 1
    title = line + 1.0 if cell["title"] else 0.0
    return max(SECTION_MIN, title + lines * line) + SECTION_FRAME


def _cells(pair):
    return [
        {"title": title, "items": list(items), "start": 1, "continued": False}
        for title, items in pair
    ]


def _row_height(row, inner, size):
    return max(_cell_height(cell, inner, size) for cell in row)


def _split_row(row, budget, inner, size):
    """The part of ``row`` that fits ``budget`` mm, and the rest (or None)."""
    line = size * PT * LINE_SPACING
    head, rest = [], []
    for cell in row:
        used, count = 0.0, 0
        for item in cell["items"]:
            used += _item_lines(item, inner, size) * line
            if used > budget - SECTION_FRAME - line - 1.0:
                break
            count += 1
        head.append(
            {**cell, "items": cell["items"][:count], "pending": not count and cell["items"]}
        )
        rest.append(
            {
                "title": cell["title"] if count < len(cell["items"]) else "",
                "items": cell["items"][count:],
                "start": cell["start"] + count,
                "continued": True,
            }
        )
    return head, (rest if any(cell["items"] for cell in rest) else None)


def section_pages(rows, width, first_height, next_height):
    """The six list sections of the identity page, laid out on one page or more.

    :param rows: the rows of the two-column grid, each a pair of ``(title, [item texts])``
    :param width: the width (mm) of one cell
    :param first_height: the height (mm) left for the grid on the identity page
    :param next_height: the height (mm) left for it on a continuation page
    :return: ``(font size in pt, pages)``; a page is a list of rows, a row a pair of cells
        ``{"title", "items", "start", "continued"}``. The font shrinks down to the smallest
        of ``SECTION_SIZES`` before a list goes on; a list that goes on is split between two
        items and its title is repeated; a page never holds a row without an item.
    """
    inner = (width - SECTION_INDENT) / RENDER_SCALE
    for size in SECTION_SIZES:
        if sum(_row_height(_cells(pair), inner, size) for pair in rows) <= first_height:
            return size, [[_cells(pair) for pair in rows]]
    size = SECTION_SIZES[-1]
    first, later = _first_page(rows, first_height, inner, size)
    return size, _later_pages(first, later, next_height, inner, size)


def _first_page(rows, room, inner, size):
    """The identity page keeps every section's start: its rows, and the rests that do not
    fit on it (``room`` mm), to go on after it."""

    def shortest(row):
        """The row cut to two items a list: what a later row needs at least."""
        return _row_height([{**cell, "items": cell["items"][:2]} for cell in row], inner, size)

    grid = [_cells(pair) for pair in rows]
    first, later = [], []
    for index, row in enumerate(grid):
        reserve = sum(shortest(other) for other in grid[index + 1 :])
        if _row_height(row, inner, size) > room - reserve:
            head, rest = _split_row(row, room - reserve, inner, size)
        else:
            head, rest = row, None
        first.append(head)
        room -= _row_height(head, inner, size)
        if rest:
            later.append(rest)
    return first, later


def _later_pages(first, later, next_height, inner, size):
    """The pages: ``first``, then the ``later`` rows on pages of ``next_height`` mm."""
    pages, room = [first, []], next_height
    for row in later:
        while row:
            if _row_height(row, inner, size) <= room:
                pages[-1].append(row)
                room -= _row_height(row, inner, size)
                break
            head, row = _split_row(row, room, inner, size)
            if any(cell["items"] for cell in head):
                pages[-1].append(head)
            if row and not any(cell["items"] for cell in head) and not pages[-1]:
                # one huge item: print it whole
                head, row = _split_row(row, 10 * next_height, inner, size)
                pages[-1].append(head)
            pages.append([])
            room = next_height
    return [page for page in pages if page]
