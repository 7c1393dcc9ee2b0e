from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools import INT4_MAX


class SopIntegerRangeMixin(models.AbstractModel):
    """Integers typed by users (step numbers, serials, years, sequences) are refused with a
    message where the database would refuse them with an error (an int4 column). Every
    model of the addon takes it through its write policy (``sop.write.policy.mixin``), and
    so do the wizards that take numbers."""

    _name = "sop.integer.range.mixin"
    _description = "Whole Numbers the Database Can Store"

    def _check_integer_range(self, vals_list):
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if (
                    field is not None
                    and field.type == "integer"
                    and field.column_type
                    and field.column_type[0] == "int4"
                    and isinstance(value, int | float)
                    and not -INT4_MAX - 1 <= value <= INT4_MAX
                ):
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(model)s cannot be %(value)s: type a whole number "
                            "between %(min)s and %(max)s.",
                            field=field._description_string(self.env),
                            model=self._description,
                            value=value,
                            min=-INT4_MAX - 1,
                            max=INT4_MAX,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_integer_range(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_integer_range([vals])
        return super().write(vals)
