import re

from odoo import http
from odoo.http import content_disposition, request

# Tokens are made by secrets.token_urlsafe(16) (22 characters); anything that is not
# 16-64 url-safe characters is refused before the database is searched.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


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


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class SopController(http.Controller):
    @http.route(
        "/sop_lakip/lkjip/<int:report_id>/docx",
        type="http",
        auth="user",
        methods=["GET"],
        sitemap=False,
    )
    def lkjip_docx(self, report_id):
        """The LKjIP of a LAKIP the user may read, as an editable Word file."""
        report = request.env["lakip.report"].browse(report_id).exists()
        if not report:
            raise request.not_found()
        report.check_access("read")
        content = request.env["report.sop_lakip.lkjip_docx"]._build(report)
        filename = f"LKjIP {report.year} {report.company_id.name}.docx"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", DOCX),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

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
