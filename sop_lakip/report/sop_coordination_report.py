from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import NO_DATA, format_date_id, format_number
from .sop_monitoring_report import PAGE_SAFETY, table_pages

# Heights in mm on the landscape paper (see sop_monitoring_report): the letterhead, titles
# above the table on the first page; the table's header, repeated on every page.
RECAP_HEAD = 62.0
RECAP_HEADER = 30.0
AGENCY_WIDTH = 78.0  # the agency's column, where a long name wraps
# A printed column: its heading (None: under the group heading of the columns before it,
# named in the second item), its width (mm), its number format (decimals, suffix; None
# for a text).
COUNT, SHARE, TEXT = (0, ""), (1, " %"), (None, "")
# The dashboard's recap: the figures of sop_coordination.RECAP_FIGURES.
DASHBOARD_COLUMNS = (
    ("SOP berlaku", 18, COUNT),
    (("Rancangan SOP menunggu", "paraf"), 17, COUNT),
    ((None, "pengesahan"), 20, COUNT),
    ((None, "terlama (hari)"), 20, COUNT),
    ("Lewat tanggal reviu", 20, COUNT),
    ("Pelaksanaan periode berjalan", 22, COUNT),
    ("Langkah sesuai Mutu Baku", 24, SHARE),
    ("Monitoring periode lalu", 27, TEXT),
    ("Evaluasi selesai", 20, COUNT),
)
# A period's recap: the Tabel 7 summaries of sop_coordination_period.PERIOD_FIGURES.
PERIOD_COLUMNS = (
    ("Monitoring", 27, TEXT),
    ("SOP dimonitor", 18, COUNT),
    (("Penilaian penerapan", "berjalan dengan baik"), 22, COUNT),
    ((None, "tidak berjalan dengan baik"), 22, COUNT),
    (("Pelaksanaan SOP", "dimulai"), 18, COUNT),
    ((None, "selesai"), 18, COUNT),
    ("Langkah selesai", 18, COUNT),
    ("Langkah sesuai Mutu Baku", 24, SHARE),
)


def recap_text(value, decimals, suffix=""):
    """A figure of a recap as printed: 1.234, 87,5 %; a minus sign without data."""
    if value is None:
        return NO_DATA
    if decimals is None:
        return value
    return format_number(value, decimals) + suffix


def header_rows(columns):
    """The two header rows of a recap's table: cells ``(text, rowspan, colspan, width)``."""
    top, bottom = [], []
    for heading, width, _fmt in columns:
        if isinstance(heading, str):
            top.append((heading, 2, 1, width))
            continue
        group, sub = heading
        if group:
            top.append((group, 1, 1, None))
        else:
            text, rowspan, colspan, _width = top[-1]
            top[-1] = (text, rowspan, colspan + 1, None)
        bottom.append((sub, 1, 1, width))
    return top, bottom


class ReportSopCoordination(models.AbstractModel):
    """The values of the printed recap for the Bupati (Rekapitulasi Penerapan SOP): one
    recap per pemda of the dashboard's rows printed, on the pemda's letterhead, signed by
    the Kepala Bagian Organisasi."""

    _name = "report.sop_lakip.report_sop_coordination"
    _description = "Printed SOP Coordination Recap"
    _recap_model = "sop.coordination"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._recap_model].browse(docids)
        # One query: the read rules of the user on the rows asked for (an agency user reads
        # his own row only; ids he may not read are refused as ids that do not exist).
        if not docs or len(docs.search([("id", "in", docs.ids)])) != len(set(docs.ids)):
            raise AccessError(
                self.env._("You cannot print this recap: you may not read every agency in it.")
            )
        return {
            "doc_ids": docids,
            "doc_model": self._recap_model,
            "docs": docs,
            "recaps": self._recaps(docs),
            "today": fields.Date.context_today(self),
            "format_date": format_date_id,
        }

    @api.model
    def _recaps(self, docs):
        top, bottom = header_rows(DASHBOARD_COLUMNS)
        subtitle = f"Keadaan per {format_date_id(fields.Date.context_today(self))}"
        return [
            self._recap(company, rows, total, DASHBOARD_COLUMNS)
            | {
                "title": "REKAPITULASI PENERAPAN SOP",
                "subtitle": subtitle,
                "heads": (top, bottom),
            }
            for company, rows, total in docs._recap()
        ]

    @api.model
    def _recap(self, company, rows, total, columns):
        formats = [fmt for _heading, _width, fmt in columns]
        texts = [
            ({"figures": self._texts(row["figures"], formats)}, {"agency": row["agency"]})
            for row in rows
        ]
        # both recaps print landscape on the pemda's SOP paper
        report = self.env["ir.actions.report"]._get_report("sop_lakip.report_sop_coordination")
        _width, height = report._get_printable_size(company.sudo())
        page = height - PAGE_SAFETY - RECAP_HEADER
        return {
            "company": company.sudo(),
            "pages": table_pages(
                [(AGENCY_WIDTH, [("agency", 10, 0.0)])], texts, page - RECAP_HEAD, page
            ),
            "total": self._texts(total, formats),
            "aligns": ["c" if fmt is TEXT else "r" for fmt in formats],
            "sign": self._signature(company),
        }

    @api.model
    def _texts(self, figures, formats):
        return [recap_text(value, *fmt) for value, fmt in zip(figures, formats, strict=True)]

    @api.model
    def _signature(self, company):
        """(place, jabatan, name, pangkat, NIP) of the Kepala Bagian Organisasi: the manager
        of the printing coordinator's department in the pemda; dots where he is not known."""
        employee = self.env.user.sudo().with_company(company).employee_id
        if employee.company_id != company:
            employee = employee.browse()
        head = employee.department_id.manager_id
        block = head._get_signature_block() if head else {}
        return (
            company.sudo()._get_letter_place() or "",
            block.get("job_title") or "Kepala Bagian Organisasi",
            block.get("name") or "." * 30,
            block.get("rank") or "",
            block.get("nip") or "",
        )


class ReportSopCoordinationPeriod(models.AbstractModel):
    """The printed recap of a monitoring period (Rekapitulasi Monitoring Pelaksanaan SOP
    AP): per pemda and period, the agencies' Tabel 7 summaries side by side."""

    _name = "report.sop_lakip.report_sop_coordination_period"
    _inherit = "report.sop_lakip.report_sop_coordination"
    _description = "Printed SOP Monitoring Recap per Period"
    _recap_model = "sop.coordination.period"

    @api.model
    def _recaps(self, docs):
        top, bottom = header_rows(PERIOD_COLUMNS)
        return [
            self._recap(company, rows, total, PERIOD_COLUMNS)
            | {
                "title": "REKAPITULASI MONITORING PELAKSANAAN SOP AP",
                "subtitle": f"Periode {label}",
                "heads": (top, bottom),
            }
            for company, label, rows, total in docs._recap()
        ]
