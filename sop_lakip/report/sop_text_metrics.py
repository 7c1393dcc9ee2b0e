"""How the printed forms' text is measured and broken into lines, in millimetres.

Debian's wkhtmltopdf (its Qt) prints "Arial, DejaVu Sans" in DejaVu Sans: text is measured
with it, and a little wider still (``RENDER_SCALE``, measured on the PDFs). The SOP form's
row heights, actor headings and title, and the monitoring and evaluation forms' cells, are
measured here.
"""

import functools
import re

from PIL import ImageFont

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
RENDER_SCALE = 1.04
PT = 0.3528  # millimetres per point
LINE_SPACING = 1.26  # line pitch of Arial text in the PDF, in ems (1.24 measured)
LINE_HEIGHT = 3.6  # mm per line of 8pt text in a flowchart table row
ROW_PADDING = 3.0
MIN_ROW = 16.0


@functools.cache
def _font(bold):
    """The font the form is printed in, or None where it is not installed."""
    try:
        return ImageFont.truetype(FONT_FILES[bold], 1000)
    except OSError:
        return None


@functools.lru_cache(maxsize=65536)  # measuring with the font takes a millisecond or more
def text_width(text, size, bold=False):
    """Width (mm) of ``text`` in Arial at ``size`` (mm per em)."""
    font = _font(bold)
    if font is None:
        return len(text) * size * (0.72 if bold else 0.66)  # DejaVu's average, rounded up
    return font.getlength(text) / 1000 * size


def text_lines(text, width, size=8 * 0.3528):
    """How many lines ``text`` takes in a cell ``width`` mm wide at ``size`` mm per em.

    Every line break typed by the user is kept (the report prints text cells with
    ``white-space: pre-line``); a word wider than the cell is broken, as the browser does.
    """
    width /= RENDER_SCALE
    space = text_width(" ", size)
    lines = 0
    for paragraph in (text or "").splitlines() or [""]:
        lines += 1
        length = 0.0
        for word in paragraph.split():
            word_width = text_width(word, size)
            if length and length + space + word_width > width:
                lines += 1
                length = 0.0
            length += word_width + (space if length else 0.0)
            while length > width:  # a word longer than the line
                lines += 1
                length -= width
    return lines


def split_text(text, width, size, lines):
    """``text`` cut between two words into what fills at most ``lines`` lines of a cell
    ``width`` mm wide (as ``text_lines`` counts them) and the rest; at least one word goes
    first, so that a long text always moves on."""
    words = re.findall(r"\S+\s*", text or "")
    low, high = 1, len(words)  # the most words that fit: binary search, lines grow with words
    while low < high:
        middle = (low + high + 1) // 2
        if text_lines("".join(words[:middle]), width, size) <= lines:
            low = middle
        else:
            high = middle - 1
    return "".join(words[:low]).rstrip(), "".join(words[low:])


def row_height(texts_and_widths):
    lines = max(text_lines(text, width) for text, width in texts_and_widths)
    return max(MIN_ROW, lines * LINE_HEIGHT + 2 * ROW_PADDING)


def wrap_words(text, width, size, bold=False):
    """``text`` broken into lines at word boundaries only, each at most ``width`` mm.

    A word wider than the line is cut and ends with a full stop (an abbreviation), never
    broken over two lines.
    """
    lines = []
    for word in (text or "").split():
        if text_width(word, size, bold) > width:
            while len(word) > 2 and text_width(word + ".", size, bold) > width:
                word = word[:-1]
            word += "."
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def header_lines(names, width, sizes=(7.5, 7.0, 6.5, 6.0, 5.5)):
    """Actor headings broken at word boundaries only: ``(font size in pt, [lines])``.

    The largest size at which every word fits the column is used; a word that does not
    fit even at the smallest size is abbreviated (see ``wrap_words``).
    """
    width /= RENDER_SCALE
    size = sizes[-1]
    for candidate in sizes:
        words = [word for name in names for word in (name or "").split()]
        if all(text_width(word, candidate * PT, bold=True) <= width for word in words):
            size = candidate
            break
    return size, [wrap_words(name, width, size * PT, bold=True) for name in names]


def title_lines(name, agency):
    """The flowchart title: the SOP's name, then the agency unless the name holds it."""
    title = f"SOP {(name or '').upper()}"
    agency = (agency or "").upper()
    return (
        [title]
        if agency and " ".join(agency.split()) in " ".join(title.split())
        else [title, agency]
    )
