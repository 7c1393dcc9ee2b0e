import io
import re

import xlsxwriter

from odoo import http
from odoo.http import content_disposition, request

from ..report.lakip_xlsx import capaian_workbook

# Tokens are made by secrets.token_urlsafe(16) (22 characters); anything that is not
# 16-64 url-safe characters is refused before the database is searched.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REGISTER_COLUMNS = [
    ("No", 5),
    ("Nomor SOP", 32),
    ("Nama SOP", 48),
    ("Unit Kerja", 36),
    ("Tanggal Efektif", 15),
    ("Revisi", 8),
    ("Status", 14),
]
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def verify_status(document):
    """The status of an SOP in plain words, for the public verification page."""
    if document.state == "approved":
        return "Berlaku (effective)"
    if document.state == "superseded":
        successor = document.superseded_by_id
        if not successor:
            return "Digantikan (superseded)"
        status = f"Digantikan oleh revisi {successor.revision} (superseded)"
        if successor.number and successor.number != document.number:
            status = f"{status}: {successor.number}"
        return status
    return "Belum disahkan (draft \u2013 not valid)"


def sheet_name(name, used):
    """A valid and unique worksheet name (at most 31 characters, none of []:*?/\\)."""
    base = " ".join(SHEET_NAME_FORBIDDEN.sub(" ", name or "").strip("' ").split())
    if len(base) > 31:
        # Cut at a word boundary when that keeps a useful name.
        head = base[:32]
        cut = head.rsplit(" ", 1)[0] if " " in head else ""
        base = cut if len(cut) >= 16 else base[:31]
    base = base.strip(" '") or "Sheet"
    candidate, index = base, 1
    while candidate.lower() in used:
        index += 1
        suffix = f" ({index})"
        candidate = base[: 31 - len(suffix)].rstrip() + suffix
    used.add(candidate.lower())
    return candidate


def register_workbook(documents):
    """The Daftar SOP of ``documents`` as XLSX bytes: one sheet per agency."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1})
    cell = workbook.add_format({"border": 1, "valign": "top", "text_wrap": True})
    date = workbook.add_format({"border": 1, "valign": "top", "num_format": "dd/mm/yyyy"})
    number = workbook.add_format({"border": 1, "valign": "top", "align": "center"})
    used = set()
    for company in documents.company_id.sorted("name"):
        sheet = workbook.add_worksheet(sheet_name(company.name, used))
        for col, (title, width) in enumerate(REGISTER_COLUMNS):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, title, header)
        sheet.freeze_panes(1, 0)
        rows = documents.filtered(lambda d, c=company: d.company_id == c)._get_register_rows()
        for index, row in enumerate(rows, start=1):
            sheet.write_number(index, 0, index, number)
            sheet.write_string(index, 1, row["number"], cell)
            sheet.write_string(index, 2, row["name"], cell)
            sheet.write_string(index, 3, row["unit"], cell)
            if row["date_effective"]:
                sheet.write_datetime(index, 4, row["date_effective"], date)
            else:
                sheet.write_blank(index, 4, None, date)
            sheet.write_number(index, 5, row["revision"], number)
            sheet.write_string(index, 6, row["state"], cell)
        sheet.autofilter(0, 0, max(len(rows), 1), len(REGISTER_COLUMNS) - 1)
    workbook.close()
    return output.getvalue()


class SopController(http.Controller):
    @http.route(
        "/sop/verify/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def sop_verify(self, token):
        """Public page behind the QR code of a printed SOP: is this SOP valid?"""
        if not TOKEN_RE.fullmatch(token):
            raise request.not_found()
        document = (
            request.env["sop.document"].sudo().search([("access_token", "=", token)], limit=1)
        )
        if not document:
            raise request.not_found()
        values = {
            "agency": document.company_id.name,
            "number": document.number or "-",
            "name": document.name,
            "revision": document.revision,
            "status": verify_status(document),
            "valid": document.state == "approved",
            "date_approved": (
                document.date_approved.strftime("%d/%m/%Y") if document.date_approved else "-"
            ),
            "paper": document.paper_signed and document.state in ("approved", "superseded"),
        }
        return request.render("sop_lakip.sop_verify_page", values)

    @http.route("/sop/register/xlsx", type="http", auth="user", methods=["GET"])
    def sop_register_xlsx(self, ids=""):
        """The Daftar SOP of the selected SOPs, as an Excel workbook."""
        try:
            record_ids = [int(i) for i in ids.split(",") if i.strip()]
        except ValueError:
            return request.not_found()
        # Every agency of the user, not only those ticked in the company switcher.
        documents = (
            request.env["sop.document"]
            .with_context(allowed_company_ids=request.env.user.company_ids.ids)
            .browse(record_ids)
        )
        if not documents:
            return request.not_found()
        documents.check_access("read")
        content = register_workbook(documents)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition("Daftar_SOP.xlsx")),
            ],
        )

    def _xlsx_response(self, content, filename):
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    def _browse_readable(self, model, record_id):
        """The record if the user may read it; empty when it does not exist or may not be
        read, so that both get the same answer and ids cannot be probed."""
        record = (
            request.env[model]
            .with_context(allowed_company_ids=request.env.user.company_ids.ids)
            .browse(record_id)
            .exists()
        )
        if record and not record.has_access("read"):
            return record.browse()
        return record

    @http.route("/lakip/worksheet/<int:worksheet_id>/xlsx", type="http", auth="user")
    def lakip_worksheet_xlsx(self, worksheet_id):
        """A Bidang's worksheet (kertas kerja) to fill in Excel and import back."""
        worksheet = self._browse_readable("lakip.worksheet", worksheet_id)
        if not worksheet:
            return request.not_found()
        name = f"Kertas_Kerja_{worksheet.year}_{worksheet.department_id.name}.xlsx"
        return self._xlsx_response(worksheet._export_xlsx(), name.replace(" ", "_"))

    @http.route("/lakip/report/<int:report_id>/capaian.xlsx", type="http", auth="user")
    def lakip_capaian_xlsx(self, report_id):
        """The Tabel Capaian Kinerja of a LAKIP (chapter III)."""
        report = self._browse_readable("lakip.report", report_id)
        if not report:
            return request.not_found()
        content = capaian_workbook(report, report._get_capaian_rows())
        return self._xlsx_response(content, f"Tabel_Capaian_Kinerja_{report.year}.xlsx")
