from odoo import api, models

from ..models.lakip_pk import money_text


class ReportLakipPk(models.AbstractModel):
    """The values of the printed Perjanjian Kinerja: its statement page and its attachment
    (template ``sop_lakip.report_lakip_pk``)."""

    _name = "report.sop_lakip.report_lakip_pk"
    _description = "Printed Performance Agreement"

    @api.model
    def _get_report_values(self, docids, data=None):
        monitoring = self.env["report.sop_lakip.report_sop_monitoring"]
        docs = self.env["lakip.pk"].with_context(lang=monitoring._print_lang()).browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "lakip.pk",
            "docs": docs,
            "pk_values": {doc.id: self._pk_values(doc) for doc in docs},
        }

    @api.model
    def _pk_values(self, pk):
        """The figures and names one PK prints, as text."""
        objectives = []  # [(objective, [rows])] in the order of the targets
        for row in pk._get_target_rows():
            if not objectives or objectives[-1][0] != row["objective"]:
                objectives.append((row["objective"], []))
            objectives[-1][1].append(row)
        programs = pk.program_ids.sorted(lambda p: (p.sequence, p.id))
        return {
            "title": "PERJANJIAN KINERJA PERUBAHAN" if pk.previous_id else "PERJANJIAN KINERJA",
            "objectives": objectives,
            "programs": [(p.name, money_text(p.budget), p.note or "") for p in programs],
            "total": money_text(sum(programs.mapped("budget"))),
            "first": pk._get_pihak_pertama(),
            "second": (pk.superior_job_title or "", pk.superior_name or ""),
            "place": pk.company_id._get_letter_place() or "",
            "date": pk._date_text(),
        }
