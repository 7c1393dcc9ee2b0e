from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from ..report.lakip_xlsx import (
    FIRST_ROW,
    SHEET_NAME,
    WORKSHEET_COLUMNS,
    bad_cells,
    file_code,
    parse_rows,
    worksheet_code,
)
from ..report.xlsx_messages import raise_problems, refused_message
from ..report.xlsx_reader import XlsxRefused, read_sheet
from .lakip_realization import QUARTERS
from .lakip_target import target_text

ROW_MARGIN = 100  # rows read below the last indicator
# What a worksheet row reads of its target, indicator and objective (lakip.target._read_rows).
WORKSHEET_READ = [
    ("lakip.target", "t", ["id", "target", "target_max", "analysis"]),
    ("lakip.indicator", "i", ["name", "uom", "polarity"]),
    ("lakip.objective", "o", ["name"]),
]


class LakipWorksheet(models.Model):
    """The worksheet's Excel file: downloaded to fill in, imported back (the layout and
    its reading are plain Python in report/lakip_xlsx.py and report/xlsx_reader.py)."""

    # One class per part and model, as separate addons would have it (README, Architecture).
    _inherit = "lakip.worksheet"  # pylint: disable=consider-merging-classes-inherited

    def _get_xlsx_rows(self):
        """The rows of the worksheet file, one per indicator, in the report's order.

        A generator reading 1,000 rows at a time in two plain queries (their quarterly
        values, then the targets with their indicators and objectives by
        ``lakip.target._read_rows``), so that a long worksheet is written with flat memory
        and without the ORM's per-field formatting; the targets are searched through the
        ORM (record rules), the models read are checked for read access, and the target is
        printed by its display field's helper.
        """
        self.ensure_one()
        Target = self.env["lakip.target"]
        ids = list(
            Target._search(
                [("worksheet_id", "=", self.id)],
                order="objective_id, indicator_sequence, indicator_id.id",
            )
        )
        realizations = self.env["lakip.realization"]
        realizations.check_access("read")
        realizations.flush_model()
        for chunk in split_every(1000, ids):
            values = {
                (target_id, quarter): float(value)
                for target_id, quarter, value in self.env.execute_query(
                    SQL(
                        "SELECT target_id, quarter, value FROM lakip_realization "
                        "WHERE target_id = ANY(%s)",
                        list(chunk),
                    )
                )
            }
            for target, indicator, objective in Target._read_rows(chunk, WORKSHEET_READ):
                target_id = target["id"]
                yield {
                    "id": target_id,
                    "objective": objective["name"] or "",
                    "indicator": indicator["name"],
                    "uom": indicator["uom"],
                    "target": target_text(
                        target["target"], target["target_max"], indicator["polarity"]
                    ),
                    "quarters": [values.get((target_id, q)) for q, _label in QUARTERS],
                    "analysis": target["analysis"] or "",
                }

    def _export_xlsx(self):
        """The worksheet's Excel file (bytes), as its Download Excel button gives it."""
        self.ensure_one()
        # By its report_name: one query, where its xml id costs two.
        report = self.env["ir.actions.report"]
        return report._render_xlsx("sop_lakip.lakip_worksheet_xlsx", self.ids, None)[0]

    def action_download(self):
        self.ensure_one()
        return self.env.ref("sop_lakip.action_report_lakip_worksheet_xlsx").report_action(self)

    def action_import(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Worksheet"),
            "res_model": "lakip.worksheet.import.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_worksheet_id": self.id},
        }

    @api.model
    def _xlsx_hint(self):
        """The sentence closing every refusal of a worksheet file: which file to import."""
        return self.env._("Import the worksheet downloaded from Odoo.")

    def _import_xlsx(self, data, filename):
        """Import the filled file: all of it, or, when any cell is bad, nothing."""
        self.ensure_one()
        self.check_access("write")
        self._check_state(
            ["sent", "filled"], self.env._("only a sent or filled worksheet can be imported.")
        )
        filename = filename or self.env._("The file")
        rows = self._read_xlsx(data, filename)
        found, errors = {}, bad_cells(self.env, rows)
        if not errors:
            self._check_code(rows, filename)
            indicators = {target.id: target.indicator_id.name for target in self.target_ids}
            found, errors = parse_rows(self.env, rows, indicators)
        raise_problems(
            self.env,
            filename,
            errors,
            lambda error: self.env._(
                "Row %(row)s, column %(col)s (%(value)s): %(reason)s",
                row=error[0],
                col=error[1],
                value="" if error[2] is None else repr(error[2]),
                reason=error[3],
            ),
        )
        self._write_imported(found)
        count = sum(1 for values, _a in found.values() for v in values if v is not None)
        self.message_post(
            body=self.env._(
                "Imported %(file)s: %(count)s values for %(rows)s indicators; they replace "
                "the earlier values.",
                file=filename,
                count=count,
                rows=len(found),
            ),
            attachments=[(filename, data)],
        )
        return self.action_mark_filled()

    def _write_imported(self, found):
        """Replace the realisations and analyses by those of ``found`` (see parse_rows), in
        one create and one write per distinct analysis."""
        targets = self.target_ids
        targets.realization_ids.unlink()
        self.env["lakip.realization"].create(
            [
                {"target_id": target_id, "quarter": quarter, "value": value}
                for target_id, (values, _analysis) in found.items()
                for (quarter, _label), value in zip(QUARTERS, values, strict=True)
                if value is not None
            ]
        )
        by_text = {}
        for target in targets:
            text = found[target.id][1]
            if text != (target.analysis or ""):
                by_text.setdefault(text, []).append(target.id)
        for text, ids in by_text.items():
            targets.browse(ids).write({"analysis": text or False})

    def _read_xlsx(self, data, filename):
        """Return the sheet's rows (tuples of values) or raise a clear UserError.

        The file is bounded before it is read (see ``xlsx_reader``): by its size,
        its parts' unpacked sizes, and the rows past this worksheet's indicators.
        """
        if not data:
            raise UserError(self.env._("%s is empty.", filename))
        max_row = FIRST_ROW + len(self.target_ids) + ROW_MARGIN
        try:
            return read_sheet(data, SHEET_NAME, len(WORKSHEET_COLUMNS), max_row)
        except XlsxRefused as refused:
            raise UserError(self._refused_message(refused, filename)) from refused

    def _refused_message(self, refused, filename):
        """The message of a file refused as a whole: the reasons that name the worksheet's
        own layout here, the others as every import says them."""
        params = refused.params
        if refused.reason == "no_sheet":
            return self.env._(
                "%(file)s has no sheet named '%(sheet)s' (it has: %(sheets)s). Import "
                "the worksheet downloaded from Odoo.",
                file=filename,
                sheet=SHEET_NAME,
                sheets=params["sheets"] or "-",
            )
        if refused.reason == "far_row":
            return self.env._(
                "%(file)s has data on row %(row)s, far below the %(count)s indicators "
                "of %(worksheet)s: import the worksheet downloaded from Odoo.",
                file=filename,
                row=params["row"],
                count=len(self.target_ids),
                worksheet=self.display_name,
            )
        if refused.reason == "rows":
            return self.env._(
                "%(file)s has rows down to row %(row)s, far below the %(count)s indicators "
                "of %(worksheet)s: nothing was imported. Delete the rows below the "
                "indicators, or import the worksheet downloaded from Odoo.",
                file=filename,
                row=params["row"],
                count=len(self.target_ids),
                worksheet=self.display_name,
            )
        return refused_message(self.env, refused, filename, self._xlsx_hint())

    def _check_code(self, rows, filename):
        """Refuse the file of another worksheet (its code cell names another one)."""
        code, cell = file_code(rows)
        if code == worksheet_code(self):
            return
        other = self.search([("company_id", "=", self.company_id.id)]).filtered(
            lambda w: worksheet_code(w) == code
        )
        raise UserError(
            self.env._(
                "%(file)s is the worksheet of %(other)s, not of %(this)s: nothing was imported.",
                file=filename,
                other=other.display_name,
                this=self.display_name,
            )
            if other
            else self.env._(
                "%(file)s is not the worksheet of %(this)s (its code cell %(cell)s does not "
                "match): import the file downloaded from this worksheet.",
                file=filename,
                this=self.display_name,
                cell=cell,
            )
        )
