"""Small helpers shared by the models and the printed forms."""

from babel.dates import format_date


def format_date_id(date, padded=False):
    """A date as written in Indonesian official documents: '5 Maret 2024', '-' if none.

    Letters write the day as it is spoken; the SOP form and the SOPs' messages on two
    digits (``padded``: '05 Maret 2024'), as the agencies' SOPs do.
    """
    return format_date(date, "dd MMMM y" if padded else "d MMMM y", locale="id") if date else "-"
