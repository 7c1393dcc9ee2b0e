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


# Long on purpose: one greedy pass that fills a page and carries each list on; split, its
# state (page, column, item) would travel through every part.
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

    def cells(pair):
        return [
            {"title": title, "items": list(items), "start": 1, "continued": False}
            for title, items in pair
        ]

    def height(row, size):
        return max(_cell_height(cell, inner, size) for cell in row)

    for size in SECTION_SIZES:
        if sum(height(cells(pair), size) for pair in rows) <= first_height:
            return size, [[cells(pair) for pair in rows]]
    size = SECTION_SIZES[-1]
    line = size * PT * LINE_SPACING

    def split(row, budget):
        """The part of ``row`` that fits ``budget`` mm, and the rest (or None)."""
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

    def shortest(row):
        """The row cut to two items a list: what a later row needs at least."""
        return height([{**cell, "items": cell["items"][:2]} for cell in row], size)

    # The identity page keeps every section's start; what does not fit goes on after it.
    grid = [cells(pair) for pair in rows]
    first, later, room = [], [], first_height
    for index, row in enumerate(grid):
        reserve = sum(shortest(other) for other in grid[index + 1 :])
        head, rest = (
            split(row, room - reserve) if height(row, size) > room - reserve else (row, None)
        )
        first.append(head)
        room -= height(head, size)
        if rest:
            later.append(rest)
    pages, room = [first, []], next_height
    for row in later:
        while row:
            if height(row, size) <= room:
                pages[-1].append(row)
                room -= height(row, size)
                break
            head, row = split(row, room)
            if any(cell["items"] for cell in head):
                pages[-1].append(head)
            if row and not any(cell["items"] for cell in head) and not pages[-1]:
                head, row = split(row, 10 * next_height)  # one huge item: print it whole
                pages[-1].append(head)
            pages.append([])
            room = next_height
    return size, [page for page in pages if page]
