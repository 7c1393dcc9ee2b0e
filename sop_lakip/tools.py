"""Small helpers shared by the models and the printed forms."""

from babel.dates import format_date

from odoo.exceptions import UserError


def format_date_id(date, padded=False):
    """A date as written in Indonesian official documents: '5 Maret 2024', '-' if none.

    Letters write the day as it is spoken; the SOP form and the SOPs' messages on two
    digits (``padded``: '05 Maret 2024'), as the agencies' SOPs do.
    """
    return format_date(date, "dd MMMM y" if padded else "d MMMM y", locale="id") if date else "-"


def search_boolean(records, field, operator, value, domain):
    """The search domain of the computed boolean ``field`` of ``records``' model, true
    exactly on the records matching ``domain``: for the field's ``search=`` method."""
    if operator not in ("=", "!="):
        label = records._fields[field]._description_string(records.env)
        raise UserError(records.env._("Unsupported search on '%s'.", label))
    return domain if (operator == "=") == bool(value) else ["!", *domain]
