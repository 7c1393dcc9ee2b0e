from markupsafe import Markup

from odoo import fields, models
from odoo.tools import is_html_empty

from ..tools import NO_DATA, percent_text
from .lakip_pk import money_text

# The narrative parts of the LKjIP document, in the order of Permenpan RB 53/2014: each an
# editable text the Kasubag writes; the figures and tables around them come from the records.
NARRATIVE_FIELDS = (
    "lkjip_summary",
    "lkjip_introduction",
    "lkjip_planning",
    "lkjip_achievement",
    "lkjip_analysis",
    "lkjip_budget",
    "lkjip_closing",
)
# States in which the narrative is still written (the signed document stays as signed).
NARRATIVE_STATES = ("draft", "collecting", "compiled")


def html_join(*parts):
    """Paragraphs of escaped text, as the narrative fields hold them."""
    return Markup("").join(Markup("<p>%s</p>") % part for part in parts if part)


class LakipReport(models.Model):
    """The LKjIP document of the report: its narrative parts and what prefills them.

    The printed document (``report/lakip_lkjip_report.py``) and its Word export
    (``report/lakip_lkjip_docx.py``) lay out these texts between the tables of the records.
    """

    _inherit = "lakip.report"

    lkjip_summary = fields.Html(
        string="Executive Summary",
        help="Ikhtisar Eksekutif: the year's results in a few paragraphs.",
    )
    lkjip_introduction = fields.Html(
        string="Introduction",
        help="BAB I Pendahuluan: the organisation, its tasks and structure, strategic issues.",
    )
    lkjip_planning = fields.Html(
        string="Performance Planning",
        help="BAB II Perencanaan Kinerja: the Renstra and the year's Perjanjian Kinerja, printed "
        "above the PK's table.",
    )
    lkjip_achievement = fields.Html(
        string="Performance Achievement",
        help="BAB III.A: how performance was measured and the year's results overall, printed "
        "above the tables of each strategic objective.",
    )
    lkjip_analysis = fields.Html(
        string="Achievement Analysis",
        help="BAB III.A, per strategic objective: causes of success or failure and the "
        "solutions tried, the efficiency of the resources, the supporting programmes.",
    )
    lkjip_budget = fields.Html(
        string="Budget Realisation",
        help="BAB III.B: the budget absorption and its efficiency against the achievement, "
        "printed with the table of the programmes.",
    )
    lkjip_closing = fields.Html(
        string="Closing", help="BAB IV Penutup: conclusions and next steps."
    )

    def action_prefill_narrative(self):
        """Write the data's own sentences into the narrative parts still empty."""
        self._check_kasubag()
        self._check_state(
            list(NARRATIVE_STATES),
            self.env._("the document of a signed or sent LAKIP stays as it was signed."),
        )
        for report in self:
            texts = report._lkjip_prefill_texts()
            vals = {name: texts[name] for name in NARRATIVE_FIELDS if is_html_empty(report[name])}
            if vals:
                report.write(vals)
        return True

    def action_export_lkjip_docx(self):
        """Download the LKjIP as an editable Word file."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/sop_lakip/lkjip/{self.id}/docx",
            "target": "self",
        }

    def action_print_lkjip(self):
        self.ensure_one()
        return self.env.ref("sop_lakip.action_report_lakip_lkjip").report_action(self)

    def _lkjip_narrative(self):
        """The narrative parts of the document by field name (empty text when not written)."""
        self.ensure_one()
        return {name: self[name] or "" for name in NARRATIVE_FIELDS}

    def _lkjip_attachments(self):
        """The attachments (Lampiran) of the document: (key, title) in their order. Each key
        prints through the template ``sop_lakip.report_lakip_lkjip_attachment`` and the Word
        export's ``_attachment_<key>``: a later part (e.g. the reviu statement) adds its own."""
        self.ensure_one()
        return [
            ("pk", f"Perjanjian Kinerja Tahun {self.year}"),
            ("capaian", f"Tabel Capaian Kinerja Tahun {self.year}"),
        ]

    # ------------------------------------------------------------------
    # Figures of the document
    # ------------------------------------------------------------------
    def _lkjip_objectives(self):
        """[(objective, [rows of the Tabel Capaian])] in the table's order."""
        self.ensure_one()
        groups = []
        for row in self._get_capaian_rows():
            if not groups or groups[-1][0] != row["objective"]:
                groups.append((row["objective"], []))
            groups[-1][1].append(row)
        return groups

    def _lkjip_efficiency(self):
        """Per strategic objective: its average capaian, the absorption of its programmes'
        budgets (``None`` when there is none) and the programmes."""
        self.ensure_one()
        targets, budgets = self.target_ids, self.budget_ids
        objectives = (targets.objective_id | budgets.objective_id).sorted(
            lambda o: (o.sequence, o.id)
        )
        result = []
        for objective in objectives:
            measured = targets.filtered(
                lambda t, o=objective: t.objective_id == o and t.has_capaian
            )
            mine = budgets.filtered(lambda b, o=objective: b.objective_id == o)
            pagu = sum(mine.mapped("budget"))
            result.append(
                {
                    "objective": objective.name,
                    "capaian": sum(measured.mapped("capaian")) / len(measured)
                    if measured
                    else None,
                    "absorption": sum(mine.mapped("spent")) / pagu * 100 if pagu else None,
                    "programs": mine.mapped("name"),
                }
            )
        return result

    def _lkjip_budget_totals(self):
        """(pagu, realisation, absorption % or ``None``) of the year's programmes."""
        pagu = sum(self.budget_ids.mapped("budget"))
        spent = sum(self.budget_ids.mapped("spent"))
        return pagu, spent, spent / pagu * 100 if pagu else None

    # ------------------------------------------------------------------
    # Prefill (printed in Indonesian: the texts are the document's own)
    # ------------------------------------------------------------------
    def _lkjip_prefill_texts(self):
        """The data's sentences for every narrative part, by field name."""
        self.ensure_one()
        objectives = self._lkjip_objectives()
        efficiency = self._lkjip_efficiency()
        pagu, spent, absorption = self._lkjip_budget_totals()
        facts = {
            "agency": self.company_id.name,
            "year": self.year,
            "count": self.indicator_count,
            "objectives": len(objectives),
            "achieved": self.achieved_count,
            "average": self.average_capaian,
            "pagu": money_text(pagu),
            "spent": money_text(spent),
            "absorption": percent_text(absorption),
        }
        overall = (
            "Dari {count} indikator kinerja pada {objectives} sasaran strategis, "
            "{achieved} indikator tercapai dengan rata-rata capaian {average}.".format(**facts)
        )
        money = "Realisasi anggaran sebesar {spent} dari pagu {pagu} ({absorption}).".format(
            **facts
        )
        return {
            "lkjip_summary": html_join(
                "Laporan Kinerja Instansi Pemerintah (LKjIP) {agency} Tahun {year} "
                "menyajikan capaian kinerja atas Perjanjian Kinerja Tahun {year}.".format(**facts),
                overall,
                money,
            ),
            "lkjip_introduction": html_join(
                "LKjIP {agency} Tahun {year} disusun sebagai wujud pertanggungjawaban "
                "kinerja sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem "
                "Akuntabilitas Kinerja Instansi Pemerintah dan Peraturan Menteri PANRB Nomor 53 "
                "Tahun 2014.".format(**facts),
            ),
            "lkjip_planning": html_join(self._lkjip_planning_sentence()),
            "lkjip_achievement": html_join(
                "Pengukuran kinerja membandingkan target dan realisasi setiap indikator "
                "kinerja sasaran strategis.",
                overall,
            ),
            "lkjip_analysis": self._lkjip_analysis_text(objectives, efficiency),
            "lkjip_budget": html_join(
                money,
                *(self._lkjip_efficiency_sentence(item) for item in efficiency),
            ),
            "lkjip_closing": html_join(overall, money, self._lkjip_closing_sentence()),
        }

    def _lkjip_planning_sentence(self):
        pk = self.pk_id
        if not pk:
            return f"Perjanjian Kinerja Tahun {self.year} belum ditandatangani."
        return (
            f"Perjanjian Kinerja Tahun {self.year} ditandatangani {pk._date_text() or NO_DATA}, "
            f"memuat {len(pk.line_ids)} indikator kinerja dan anggaran program sebesar "
            f"{money_text(pk.budget_total)}."
        )

    def _lkjip_efficiency_sentence(self, item):
        if item["capaian"] is None or item["absorption"] is None:
            return ""
        verdict = "efisien" if item["capaian"] >= item["absorption"] else "belum efisien"
        return (
            f"Sasaran {item['objective']}: capaian {percent_text(item['capaian'])} dengan "
            f"penyerapan anggaran {percent_text(item['absorption'])} ({verdict})."
        )

    def _lkjip_analysis_text(self, objectives, efficiency):
        """Per objective: each indicator's capaian and its analysis from the worksheet,
        the efficiency and the supporting programmes."""
        by_name = {item["objective"]: item for item in efficiency}
        parts = []
        for index, (objective, rows) in enumerate(objectives, start=1):
            parts.append(
                Markup("<h4>%s</h4>") % f"Sasaran Strategis {index}: {objective or NO_DATA}"
            )
            items = Markup("").join(
                Markup("<li><b>%s</b>: Capaian %s (target %s, realisasi %s). %s</li>")
                % (row["indicator"], row["capaian"], row["target"], row["realisation"],
                   row["analysis"])
                for row in rows
            )  # fmt: skip
            parts.append(Markup("<ul>%s</ul>") % items)
            item = by_name.get(objective)
            if item:
                parts.append(html_join(self._lkjip_efficiency_sentence(item)))
                if item["programs"]:
                    parts.append(html_join(f"Program pendukung: {', '.join(item['programs'])}."))
        return Markup("").join(parts)

    def _lkjip_closing_sentence(self):
        missed = self.target_ids.filtered(lambda t: t.status == "not_achieved")
        if not missed:
            return "Seluruh indikator yang terukur telah mencapai target."
        names = ", ".join(missed.indicator_id.mapped("name"))
        return f"Indikator yang belum mencapai target menjadi prioritas tahun berikutnya: {names}."
