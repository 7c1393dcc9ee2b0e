from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_round

from ..tools import format_number, read_values, readable, selection_label

STATUS = [
    ("achieved", "Achieved"),
    ("not_achieved", "Not Achieved"),
    ("no_data", "No Data"),
]
LOCKED_STATES = ("verified", "compiled")
# States of a LAKIP whose figures are the ones compiled, signed or sent.
REPORT_LOCKED_STATES = ("compiled", "signed", "sent")
# Fields of a target that a verified or compiled worksheet freezes.
LOCKED_FIELDS = {"target", "target_max", "analysis", "worksheet_id", "indicator_id", "year"}
# Fields of a target that a PK awaiting signature or signed freezes (see lakip.pk).
PK_FIELDS = {"target", "target_max", "indicator_id", "year"}
# Results computed from the target and the quarters: never written, by anyone.
COMPUTED_FIELDS = {"realisation", "has_realisation", "capaian", "has_capaian", "status"}


def compute_capaian(polarity, method, target, target_max, realisation, cap=0.0):
    """Return (capaian in %, or None when there is no ratio; status).

    The rules (README, "Capaian"):
    - no realisation, or a negative target or realisation: no capaian ("-"), no data;
    - higher is better: R / T; lower is better: 2 - R / T or T / R as the indicator
      says; within a range [T, Tmax]: 100 inside, R / T below, the lower-is-better
      method against Tmax above;
    - a target of 0 (or a realisation of 0 under T / R) has no ratio: 100 % when
      R equals the target, otherwise no capaian; the status still compares R with T;
    - 2 - R / T never goes below 0 %; ``cap`` (e.g. 120), when set, is the most a
      capaian can be.
    """
    if realisation is None or realisation < 0 or target < 0:
        return None, "no_data"
    if polarity == "range":
        high = max(target_max, target)
        if target <= realisation <= high:
            return 100.0, "achieved"
        if realisation < target:
            return _ratio(realisation, target, cap), "not_achieved"
        return _lower(method, high, realisation, cap), "not_achieved"
    if polarity == "higher":
        achieved = realisation >= target
        value = _ratio(realisation, target, cap)
    else:
        achieved = realisation <= target
        value = _lower(method, target, realisation, cap)
    return value, "achieved" if achieved else "not_achieved"


def _capped(value, cap):
    value = max(value, 0.0)
    if cap:
        value = min(value, cap)
    return float_round(value, precision_digits=2)


def _ratio(numerator, denominator, cap):
    if not denominator:
        return 100.0 if numerator == denominator else None
    return _capped(numerator / denominator * 100.0, cap)


def _lower(method, target, realisation, cap):
    if not target:
        return 100.0 if realisation == target else None
    if method == "tr":
        return _ratio(target, realisation, cap)
    return _capped((2.0 - realisation / target) * 100.0, cap)


def target_text(target, target_max, polarity):
    """The target as printed: 1.234,5, or its range (lower - upper)."""
    text = format_number(target)
    if polarity == "range":
        text = f"{text} \u2013 {format_number(max(target, target_max))}"
    return text


def realisation_text(realisation, has_realisation):
    return format_number(realisation) if has_realisation else "\u2212"


def capaian_text(capaian, has_capaian):
    return f"{format_number(capaian)} %" if has_capaian else "\u2212"


def renstra_capaian_text(polarity, method, renstra_target, realisation, has_realisation):
    """The capaian of the realisation against the Renstra end target (no cap)."""
    value, _status = compute_capaian(
        polarity,
        method,
        renstra_target,
        renstra_target,
        realisation if has_realisation else None,
    )
    return capaian_text(value, value is not None and bool(renstra_target))


class LakipTarget(models.Model):
    """The target of one indicator for one year, its realisation and its capaian."""

    _name = "lakip.target"
    _description = "Indicator Target and Achievement"
    _inherit = ["mail.thread"]
    # An indicator's own order (agency, objective, sequence) is already the one above: by its
    # id, ties need no join to the indicator's table and its objective's and agency's.
    _order = "year desc, company_id, objective_id, indicator_sequence, indicator_id.id"
    _rec_name = "indicator_id"
    _check_company_auto = True

    indicator_id = fields.Many2one(
        "lakip.indicator", required=True, index=True, ondelete="cascade", check_company=True
    )
    indicator_sequence = fields.Integer(related="indicator_id.sequence", store=True)
    year = fields.Integer(required=True, index=True)
    company_id = fields.Many2one(
        related="indicator_id.company_id", store=True, index=True, string="Agency"
    )
    objective_id = fields.Many2one(related="indicator_id.objective_id", store=True)
    department_id = fields.Many2one(related="indicator_id.department_id", store=True)
    uom = fields.Char(related="indicator_id.uom")
    polarity = fields.Selection(related="indicator_id.polarity")
    target = fields.Float(required=True, tracking=True, digits=(16, 2))
    target_max = fields.Float(
        string="Target (upper bound)",
        digits=(16, 2),
        tracking=True,
        help="For an indicator within a range: the upper bound; the target is the lower.",
    )
    target_display = fields.Char(string="Target ", compute="_compute_target_display")
    realization_ids = fields.One2many(
        "lakip.realization", "target_id", string="Quarterly Realisation"
    )
    realisation = fields.Float(
        compute="_compute_capaian",
        store=True,
        digits=(16, 2),
        aggregator="sum",
        help="The yearly realisation: the sum of the quarters, or the last quarter's value, "
        "as the indicator says.",
    )
    has_realisation = fields.Boolean(compute="_compute_capaian", store=True)
    capaian = fields.Float(
        string="Achievement (%)",
        compute="_compute_capaian",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    has_capaian = fields.Boolean(
        compute="_compute_capaian",
        store=True,
        help="False when there is no ratio (shown as \u2212): no realisation, a target of 0 "
        "not met exactly, or a negative value. Such rows are left out of averages.",
    )
    capaian_display = fields.Char(string="Achievement", compute="_compute_displays")
    realisation_display = fields.Char(string="Realisation ", compute="_compute_displays")
    status = fields.Selection(STATUS, compute="_compute_capaian", store=True, index=True)
    renstra_target = fields.Float(related="indicator_id.renstra_target")
    renstra_capaian_display = fields.Char(
        string="Achievement vs Renstra", compute="_compute_displays"
    )
    analysis = fields.Text(
        help="Causes of success or failure, the efficiency of the resources used, and the "
        "programmes that supported the result (LAKIP chapter III)."
    )
    worksheet_id = fields.Many2one(
        "lakip.worksheet", index=True, ondelete="set null", check_company=True, copy=False
    )

    _sql_constraints = [
        (
            "indicator_year_uniq",
            "unique(indicator_id, year)",
            "An indicator has one target per year.",
        ),
    ]

    @api.depends("target", "target_max", "polarity")
    def _compute_target_display(self):
        for rec in self:
            rec.target_display = target_text(rec.target, rec.target_max, rec.polarity)

    @api.depends(
        "target",
        "target_max",
        "realization_ids.value",
        "realization_ids.quarter",
        "indicator_id.polarity",
        "indicator_id.capaian_method",
        "indicator_id.aggregation",
        "company_id.lakip_capaian_cap",
        "worksheet_id.report_id.capaian_cap",
    )
    def _compute_capaian(self):
        # The cap of the year's LAKIP, kept on it, so that a later change of the agency's
        # cap does not alter a compiled or sent report; the agency's cap until there is one.
        loose = self.filtered(lambda t: not t.worksheet_id)
        reports = {
            (r.company_id, r.year): r
            for r in (
                self.env["lakip.report"]
                .sudo()
                .search(
                    [
                        ("company_id", "in", readable(loose.company_id).ids),
                        ("year", "in", list(set(loose.mapped("year")))),
                    ]
                )
                if loose
                else []
            )
        }
        for rec in self:
            report = rec.worksheet_id.report_id or reports.get((rec.company_id, rec.year))
            cap = report.capaian_cap if report else rec.company_id.lakip_capaian_cap
            rec.realisation, rec.has_realisation = rec._yearly_realisation()
            indicator = rec.indicator_id
            value, status = compute_capaian(
                indicator.polarity,
                indicator.capaian_method,
                rec.target,
                rec.target_max,
                rec.realisation if rec.has_realisation else None,
                cap,
            )
            rec.capaian = value or 0.0
            rec.has_capaian = value is not None
            rec.status = status

    def _yearly_realisation(self):
        lines = self.realization_ids.sorted("quarter")
        if not lines:
            return 0.0, False
        if self.indicator_id.aggregation == "final":
            return lines[-1].value, True
        return sum(lines.mapped("value")), True

    @api.depends("capaian", "has_capaian", "realisation", "has_realisation", "renstra_target")
    def _compute_displays(self):
        for rec in self:
            rec.realisation_display = realisation_text(rec.realisation, rec.has_realisation)
            rec.capaian_display = capaian_text(rec.capaian, rec.has_capaian)
            rec.renstra_capaian_display = renstra_capaian_text(
                rec.indicator_id.polarity,
                rec.indicator_id.capaian_method,
                rec.renstra_target,
                rec.realisation,
                rec.has_realisation,
            )

    @api.constrains("target", "target_max")
    def _check_target(self):
        for rec in self:
            if rec.target < 0 or rec.target_max < 0:
                raise ValidationError(
                    self.env._(
                        "%(indicator)s, %(year)s: a target cannot be negative.",
                        indicator=rec.indicator_id.name,
                        year=rec.year,
                    )
                )
            if rec.polarity == "range" and rec.target_max < rec.target:
                raise ValidationError(
                    self.env._(
                        "%(indicator)s, %(year)s: the upper bound of the range is below its "
                        "lower bound.",
                        indicator=rec.indicator_id.name,
                        year=rec.year,
                    )
                )

    def _check_open(self):
        """Refuse changes to the figures of a verified or compiled worksheet, or of a
        compiled, signed or sent LAKIP."""
        self._check_sheet_open(self.worksheet_id)
        self._check_report_open()

    def _check_report_open(self):
        # A report is compiled only once every worksheet is, and reopening it leaves them
        # verified: the worksheet's lock covers its targets; look up the others' report.
        loose = self.filtered(lambda t: not t.worksheet_id)
        if not loose:
            return
        reports = (
            self.env["lakip.report"]
            .sudo()
            .search(
                [
                    ("company_id", "in", loose.company_id.ids),
                    ("year", "in", list(set(loose.mapped("year")))),
                    ("state", "in", REPORT_LOCKED_STATES),
                ]
            )
        )
        keys = {(t.company_id, t.year) for t in loose}
        locked = reports.filtered(lambda r: (r.company_id, r.year) in keys)
        if locked:
            report = locked[0]
            raise UserError(
                self.env._(
                    "%(report)s of %(agency)s is %(state)s: its figures are the ones it was "
                    "compiled with. A Kasubag or the Sekretaris must reopen it, with a reason, "
                    "before they change.",
                    report=report.display_name,
                    agency=report.company_id.name,
                    state=selection_label(report),
                )
            )

    def _check_computed_vals(self, vals):
        written = COMPUTED_FIELDS.intersection(vals)
        if written:
            raise UserError(
                self.env._(
                    "%(fields)s of an indicator are computed from its target and quarterly "
                    "realisation: change those instead.",
                    fields=", ".join(
                        sorted(self._fields[f].get_description(self.env)["string"] for f in written)
                    ),
                )
            )

    def _check_sheet_open(self, worksheets):
        locked = worksheets.filtered(lambda w: w.state in LOCKED_STATES)
        if locked:
            sheet = locked[0]
            raise UserError(
                self.env._(
                    "%(worksheet)s is %(state)s: a Kasubag or the Sekretaris must reopen it, "
                    "with a reason, before its figures change.",
                    worksheet=sheet.display_name,
                    state=selection_label(sheet),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_computed_vals(vals)
        sheets = {v["worksheet_id"] for v in vals_list if v.get("worksheet_id")}
        self._check_sheet_open(self.env["lakip.worksheet"].browse(sheets))
        targets = super().create(vals_list)
        targets._check_report_open()
        self.env["lakip.pk"]._check_targets_open(targets)
        return targets

    def write(self, vals):
        self._check_computed_vals(vals)
        if LOCKED_FIELDS & set(vals):
            self._check_open()
            if vals.get("worksheet_id"):
                self.browse()._check_sheet_open(self.worksheet_id.browse(vals["worksheet_id"]))
        if PK_FIELDS & set(vals):  # a value sent again unchanged is no change
            changed = self.filtered(
                lambda t: any(
                    t._fields[f].convert_to_record(t._fields[f].convert_to_cache(vals[f], t), t)
                    != t[f]
                    for f in PK_FIELDS.intersection(vals)
                )
            )
            self.env["lakip.pk"]._check_targets_open(changed)
        if set(vals) - {"analysis", "realization_ids"} and not self.env.su:
            self.env["lakip.report"]._check_kasubag()
        result = super().write(vals)
        if {"year", "indicator_id"} & set(vals):
            self._check_report_open()
            self.env["lakip.pk"]._check_targets_open(self)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_open()
        self.env["lakip.pk"]._check_targets_open(self)

    def _read_group_select(self, aggregate_spec, query):
        """Averages of the capaian leave out the rows without one (shown as "-")."""
        if aggregate_spec == "capaian:avg":
            return SQL(
                "AVG(CASE WHEN %s THEN %s END)",
                self._field_to_sql(self._table, "has_capaian", query),
                self._field_to_sql(self._table, "capaian", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _read_rows(self, ids, columns):
        """Yield (target, indicator, objective) of the targets ``ids``, in their order, each
        the dict of its ``columns`` ([(model, alias t/i/o, stored fields)]) as
        ``read(load=None)`` gives it.

        One plain query joining the indicators and their objectives, for the files of
        thousands of rows (no per-field formatting; the dicts are made one row at a time).
        The caller searched ``ids`` through the ORM (record rules); here each model read is
        checked for read access and flushed.
        """
        selected, readers = [], []
        for model_name, alias, names in columns:
            model = self.env[model_name]
            model.check_access("read")
            model.flush_model([name for name in names if name != "id"])
            selected += [SQL.identifier(alias, name) for name in names]
            readers.append((len(names), read_values(model, names)))
        result = self.env.execute_query(
            SQL(
                """SELECT %s FROM unnest(%s::int[]) WITH ORDINALITY AS x(id, n)
                     JOIN lakip_target t ON t.id = x.id
                     JOIN lakip_indicator i ON i.id = t.indicator_id
                LEFT JOIN lakip_objective o ON o.id = i.objective_id
                 ORDER BY x.n""",
                SQL(", ").join(selected),
                list(ids),
            )
        )
        for values in result:
            start, dicts = 0, []
            for count, reader in readers:
                dicts.append(reader(values[start : start + count]))
                start += count
            yield tuple(dicts)
