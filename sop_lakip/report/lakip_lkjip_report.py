import io
import shutil
import subprocess
import tempfile

from odoo import api, models
from odoo.tools.pdf import PdfFileReader

from ..models.lakip_pk import money_text
from ..tools import NO_DATA, format_date_id, percent_text
from .lakip_lkjip_layout import capaian_layout, simple_layout

# The headings the table of contents lists: (key, title in the table of contents, the line
# the heading prints on in the body, which the table of contents never prints alone).
TOC_HEADINGS = [
    ("summary", "IKHTISAR EKSEKUTIF", "IKHTISAR EKSEKUTIF"),
    ("bab1", "BAB I PENDAHULUAN", "PENDAHULUAN"),
    ("bab2", "BAB II PERENCANAAN KINERJA", "PERENCANAAN KINERJA"),
    ("bab3", "BAB III AKUNTABILITAS KINERJA", "AKUNTABILITAS KINERJA"),
    ("bab3a", "A. Capaian Kinerja Organisasi", "A. CAPAIAN KINERJA ORGANISASI"),
    ("bab3b", "B. Realisasi Anggaran", "B. REALISASI ANGGARAN"),
    ("bab4", "BAB IV PENUTUP", "PENUTUP"),
    ("lampiran", "LAMPIRAN", "LAMPIRAN"),
]
LKJIP_REPORT = "sop_lakip.report_lakip_lkjip"


def page_texts(pdf):
    """The text of each page of ``pdf``: by poppler's pdftotext where the server has it (a
    hundred times faster), otherwise by the PDF library."""
    if shutil.which("pdftotext"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            result = subprocess.run(
                ["pdftotext", "-raw", file.name, "-"], capture_output=True, check=False
            )
        if result.returncode == 0:
            return result.stdout.decode("utf-8", "replace").split("\f")
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return [page.extract_text() or "" for page in reader.pages]


def efficiency_text(item):
    """The efficiency of an objective as printed: capaian minus budget absorption."""
    if item["capaian"] is None or item["absorption"] is None:
        return NO_DATA, NO_DATA
    gap = item["capaian"] - item["absorption"]
    return percent_text(gap), "Efisien" if gap >= 0 else "Belum efisien"


class ReportLakipLkjip(models.AbstractModel):
    """The values of the printed LKjIP (template ``sop_lakip.report_lakip_lkjip``) and of
    its Word export: every figure as printed, from the records."""

    _name = "report.sop_lakip.report_lakip_lkjip"
    _description = "Printed LKjIP"

    @api.model
    def _get_report_values(self, docids, data=None):
        lang = self.env["report.sop_lakip.report_sop_monitoring"]._print_lang()
        docs = self.env["lakip.report"].with_context(lang=lang).browse(docids)
        pages = self.env.context.get("lkjip_pages") or {}
        return {
            "doc_ids": docids,
            "doc_model": "lakip.report",
            "docs": docs,
            "lkjip": {doc.id: self._lkjip_values(doc, pages.get(doc.id)) for doc in docs},
        }

    @api.model
    def _lkjip_values(self, report, pages=None):
        """What the document prints of ``report``; ``pages``: the page of each heading of
        the table of contents (``None``: not known yet, the first rendering)."""
        pk = report.pk_id
        pk_values = pk and self.env["report.sop_lakip.report_lakip_pk"]._pk_values(pk)
        pagu, spent, absorption = report._lkjip_budget_totals()
        efficiency = report._lkjip_efficiency()
        return {
            "agency": report.company_id.name,
            "government": report.company_id.sop_government_name or "",
            "year": report.year,
            "years": (report.year, report.year - 1, report.year - 2),
            "place": report.company_id._get_letter_place() or "",
            "date": format_date_id(report.date_sent) if report.date_sent else "",
            "draft": report.state in ("draft", "collecting"),
            "toc": [
                (key, title, (pages or {}).get(key, "") if pages is not None else "00")
                for key, title, _line in TOC_HEADINGS
            ],
            "narrative": report._lkjip_narrative(),
            "pk": pk_values,
            "pk_name": pk.name if pk else "",
            "objectives": report._lkjip_objectives(),
            "summary": (
                report.indicator_count,
                report.achieved_count,
                report.average_capaian,
            ),
            "budgets": [
                (
                    b.name,
                    money_text(b.budget),
                    money_text(b.spent),
                    percent_text(b.rate) if b.budget else NO_DATA,
                )
                for b in report.budget_ids
            ],
            "budget_total": (money_text(pagu), money_text(spent), percent_text(absorption)),
            "efficiency": [
                (
                    item["objective"],
                    percent_text(item["capaian"]),
                    percent_text(item["absorption"]),
                    *efficiency_text(item),
                )
                for item in efficiency
            ],
            "attachments": report._lkjip_attachments(),
            "tables": self._tables(report, pk_values),
            "status": {"achieved": "Tercapai", "not_achieved": "Belum Tercapai"},
        }

    @api.model
    def _tables(self, report, pk):
        """Every table of the document laid out over pages: (column widths, pages of rows)."""
        size = (
            self.env["ir.actions.report"]
            ._get_report("sop_lakip.report_lakip_lkjip")
            ._get_printable_size(report.company_id)
        )
        objectives = report._lkjip_objectives()
        status = {"achieved": "Tercapai", "not_achieved": "Belum Tercapai"}
        pagu, spent, absorption = report._lkjip_budget_totals()
        budgets = [
            {"no": f"{n}.", "name": b.name, "pagu": money_text(b.budget),
             "spent": money_text(b.spent), "rate": percent_text(b.rate) if b.budget else NO_DATA}
            for n, b in enumerate(report.budget_ids, start=1)
        ] + [{"kind": "total", "name": "Jumlah", "pagu": money_text(pagu),
              "spent": money_text(spent), "rate": percent_text(absorption)}]  # fmt: skip
        efficiency = [
            {"no": f"{n}.", "name": item["objective"], "capaian": percent_text(item["capaian"]),
             "absorption": percent_text(item["absorption"]),
             **dict(zip(("gap", "note"), efficiency_text(item), strict=True))}
            for n, item in enumerate(report._lkjip_efficiency(), start=1)
        ]  # fmt: skip
        tables = {
            "objectives": [capaian_layout(size, [group]) for group in objectives],
            "capaian": capaian_layout(size, objectives, status),
            "budgets": simple_layout(
                size, [("no", 12.0), ("name", None), ("pagu", 42.0), ("spent", 42.0),
                        ("rate", 22.0)], budgets, {"name"}
            ),
            "efficiency": simple_layout(
                size, [("no", 12.0), ("name", None), ("capaian", 24.0), ("absorption", 28.0),
                        ("gap", 20.0), ("note", 28.0)], efficiency, {"name", "note"}
            ),
        }  # fmt: skip
        if pk:
            targets = []
            for index, (objective, rows) in enumerate(pk["objectives"], start=1):
                targets.append({"kind": "group", "no": f"{index}.", "name": objective or "-"})
                targets += [{"name": r["indicator"], "target": r["target"]} for r in rows]
            programs = [
                {"no": f"{n}.", "name": p[0], "budget": p[1], "note": p[2]}
                for n, p in enumerate(pk["programs"], start=1)
            ] + [{"kind": "total", "name": "Jumlah", "budget": pk["total"]}]
            tables["pk_targets"] = simple_layout(
                size, [("no", 12.0), ("name", None), ("target", 35.0)], targets, {"name"}
            )
            tables["pk_programs"] = simple_layout(
                size, [("no", 12.0), ("name", None), ("budget", 42.0), ("note", 30.0)],
                programs, {"name", "note"},
            )  # fmt: skip
        return tables

    @api.model
    def _toc_pages(self, pdf):
        """The page of each heading of the table of contents in ``pdf`` (one document):
        the first page after the cover and the table of contents printing the heading's
        line alone, each heading after the previous one."""
        texts = [{" ".join(line.split()) for line in page.splitlines()} for page in page_texts(pdf)]
        pages, start = {}, 2
        for key, _title, line in TOC_HEADINGS:
            found = next((n for n in range(start, len(texts)) if line in texts[n]), None)
            if found is not None:
                pages[key] = str(found + 1)
                start = found
        return pages
