"""Small helpers shared by the models and the printed forms."""

import functools
import io

from babel import Locale
from babel.dates import format_date
from babel.numbers import parse_pattern

from odoo.exceptions import UserError
from odoo.tools.misc import formatLang
from odoo.tools.pdf import PdfFileReader, PdfFileWriter, generic

NO_DATA = "\u2212"
# Roman numerals as official documents number months, semesters and quarters: ROMAN[3] is
# "III" (1 to 12).
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# The largest integer PostgreSQL stores in an integer column (int4).
INT4_MAX = 2**31 - 1
INDONESIAN = Locale.parse("id")


def format_date_id(date, padded=False):
    """A date as written in Indonesian official documents: '5 Maret 2024', '-' if none.

    Letters write the day as it is spoken; the SOP form and the SOPs' messages on two
    digits (``padded``: '05 Maret 2024'), as the agencies' SOPs do.
    """
    return format_date(date, "dd MMMM y" if padded else "d MMMM y", locale="id") if date else "-"


def format_figure(env, value, digits, suffix=""):
    """A figure in the language of ``env`` (62,5 in Indonesian, 62.5 in English), with
    ``digits`` decimals, then ``suffix``; a minus sign when there is none (``None``):
    no data is not 0."""
    return NO_DATA if value is None else formatLang(env, value, digits=digits) + suffix


@functools.cache
def _decimal_pattern(decimals):
    return parse_pattern("#,##0" + ("." + "#" * decimals if decimals else ""))


def format_number(value, decimals=2):
    """A figure as printed in Indonesian tables: 1.234,5 (``decimals`` at most, no trailing
    zeros). Babel's ``format_decimal``, with the locale and the pattern parsed once: that
    parsing took half its time, and a worksheet prints thousands of figures."""
    return _decimal_pattern(decimals).apply(value, INDONESIAN)


def percent_text(value):
    """A percentage as printed in Indonesian: 103,33 % (two decimals at most); a minus sign
    when there is none (``None``)."""
    if value is None:
        return NO_DATA
    return f"{format_number(value)} %"


def end_sentence(text):
    """``text`` with one full stop at its end, where a name ending in an abbreviation met
    the sentence's own: 'Signed by Drs. Ali, M.M.', not '... M.M..' (an ellipsis stays)."""
    return text[:-1] if text.endswith("..") and not text.endswith("...") else text


def name_key(name):
    """A name as the addon matches names (roles, units, people, kinds of letter): case and
    spacing aside."""
    return " ".join((name or "").split()).casefold()


def search_boolean(records, field, operator, value, domain):
    """The search domain of the computed boolean ``field`` of ``records``' model, true
    exactly on the records matching ``domain``: for the field's ``search=`` method."""
    if operator not in ("=", "!="):
        label = records._fields[field]._description_string(records.env)
        raise UserError(records.env._("Unsupported search on '%s'.", label))
    return domain if (operator == "=") == bool(value) else ["!", *domain]


def read_values(model, names):
    """A function turning a row of the raw columns ``names`` of ``model`` into the dict that
    ``read(names, load=None)`` gives: for files that read thousands of rows in plain SQL."""

    def convert(field_type):
        if field_type in ("float", "monetary"):
            return lambda value: float(value or 0)
        if field_type == "integer":
            return lambda value: value or 0
        if field_type == "boolean":
            return bool
        return lambda value: False if value is None else value

    converters = [(name, convert(model._fields[name].type)) for name in names]
    return lambda row: {
        name: converter(value) for (name, converter), value in zip(converters, row, strict=True)
    }


def selection_label(record, name="state"):
    """The label of ``record``'s selection field ``name`` (its state by default), in the
    language of the record's environment."""
    return dict(record._fields[name]._description_selection(record.env))[record[name]]


def readable(records):
    """The ``records`` that the user behind ``records.env`` may read himself, even where
    ``records`` run as superuser (a stored compute, an explicit ``sudo()``): what an
    onchange or a compute may show of records it is given, which may be any ids. An
    employee is readable through his public profile; new records are the user's own."""
    env = records.env
    if env.user._is_superuser():
        return records
    stored = records.filtered(lambda r: isinstance(r.id, int))
    mine = stored.sudo(False)
    if records._name == "hr.employee" and not mine.browse().has_access("read"):
        mine = env["hr.employee.public"].sudo(False).browse(stored.ids)
    return records - stored + records.browse(mine._filtered_access("read").ids)


def number_pages(pdf):
    """``pdf`` with its page number at the foot of every page but the cover (the
    wkhtmltopdf of most servers ignores Odoo's page footers). Each number is a content
    stream of its own added to its page: the page's own content is not parsed again."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    writer = PdfFileWriter()
    name = generic.NameObject
    font = writer._add_object(
        generic.DictionaryObject(
            {name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"),
             name("/BaseFont"): name("/Helvetica")}
        )
    )  # fmt: skip

    def stream(data):
        content = generic.DecodedStreamObject()
        content.set_data(data)
        return writer._add_object(content)

    save, restore = stream(b"q\n"), stream(b"\nQ\n")
    for index, page in enumerate(reader.pages):
        writer.add_page(page)
        if not index:
            continue
        page = writer.pages[-1]
        number = str(index + 1)
        x = float(page.mediabox.width) / 2 - 2.78 * len(number)  # Helvetica digits, 10 pt
        text = stream(f"BT /SlPageNo 10 Tf {x:.1f} 16 Td ({number}) Tj ET".encode())
        contents = page["/Contents"]
        parts = contents.get_object()
        parts = list(parts) if isinstance(parts, generic.ArrayObject) else [contents]
        page[name("/Contents")] = generic.ArrayObject([save, *parts, restore, text])
        resources = page["/Resources"].get_object()
        if "/Font" not in resources:
            resources[name("/Font")] = generic.DictionaryObject()
        resources["/Font"].get_object()[name("/SlPageNo")] = font
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
