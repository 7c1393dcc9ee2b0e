import base64
import logging

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import LakipCommon, TourCase
from .report_common import normalize
from .test_no_email import NoEmailMixin

SCAN = base64.b64encode(b"%PDF-1.4 Perjanjian Kinerja bertanda tangan")
PK_REPORT = "sop_lakip.report_lakip_pk"


class PkCommon(LakipCommon):
    """Agency A's LAKIP 2024 targets and a PK 2024 prepared by its Kasubag."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_signing_place()

    def _pk(self, **vals):
        """A draft PK 2024 of agency A with two programmes, made by its Kasubag."""
        return (
            self.env["lakip.pk"]
            .with_user(self.user_kasubag)
            .create(
                {
                    "company_id": self.company.id,
                    "year": 2024,
                    "date": "2024-01-15",
                    "superior_name": "Ir. Bupati Uji",
                    "superior_job_title": "Bupati Uji",
                    "program_ids": [
                        Command.create(
                            {
                                "name": "Program Rehabilitasi Sosial",
                                "budget": 1250000000,
                                "note": "APBD",
                            }
                        ),
                        Command.create({"name": "Program Pemberdayaan Desa", "budget": 640500000}),
                    ],
                    **vals,
                }
            )
            .with_env(self.env)
        )

    def _sign(self, pk):
        """Send ``pk`` for signature (Kasubag) and mark it signed with its scan (Kepala Dinas)."""
        pk.with_user(self.user_kasubag).action_submit()
        pk.with_user(self.user_kasubag).signed_document = SCAN
        pk.with_user(self.user_head).action_sign()
        return pk


@tagged("post_install", "-at_install")
class TestLakipPk(PkCommon):
    def test_kasubag_prepares_a_pk_in_the_form(self):
        """The Kasubag fills the form: the Kepala Dinas is the first party, the year's
        targets are shown, the programmes add up."""
        form = Form(self.env["lakip.pk"].with_user(self.user_kasubag))
        form.year = 2024
        form.superior_name = "Ir. Bupati Uji"
        form.superior_job_title = "Bupati Uji"
        with form.program_ids.new() as line:
            line.name = "Program Rehabilitasi Sosial"
            line.budget = 1250000000
        with form.program_ids.new() as line:
            line.name = "Program Pemberdayaan Desa"
            line.budget = 640500000
        pk = form.save()
        self.assertEqual((pk.name, pk.state, pk.company_id), ("PK 2024", "draft", self.company))
        self.assertEqual(pk.head_id, self.emp_head)
        self.assertEqual(pk.target_ids, self.targets)
        self.assertEqual(pk.budget_total, 1890500000)

    def test_submit_lists_what_is_missing(self):
        """Sending an incomplete PK says everything missing at once."""
        pk = self._pk(superior_name=False, program_ids=[])
        with self.assertRaises(UserError) as caught:
            pk.with_user(self.user_kasubag).action_submit()
        self.assertIn("second party", str(caught.exception))
        self.assertIn("programmes", str(caught.exception))
        self.assertEqual(pk.state, "draft")

    def test_one_pk_per_year(self):
        """A second PK of the year is refused: it must be a PK Perubahan."""
        self._pk()
        with self.assertRaisesRegex(ValidationError, "amend it with a PK Perubahan"):
            self._pk()

    def test_signing_freezes_targets_and_signatory(self):
        """Signed: the targets and the Kepala Dinas' block are kept as signed; a later
        promotion changes nothing printed."""
        pk = self._sign(self._pk())
        self.assertEqual(pk.state, "signed")
        self.assertEqual(pk.line_ids.mapped("target_display"), ["80", "7", "30", "60 \u2013 80"])
        self.assertEqual((pk.head_name, pk.head_nip), ("Dra. Kepala Uji", "19660930 199702 2 002"))
        self.assertIn("IV/c", pk.head_rank)
        self.emp_head.pns_grade = "IV/d"
        self.assertIn("IV/c", pk._get_pihak_pertama()[2])
        self.assertEqual(self.report.pk_id, pk, "the LAKIP compares against the PK in force")

    def test_only_the_head_signs_and_only_with_the_scan(self):
        pk = self._pk()
        pk.with_user(self.user_kasubag).action_submit()
        with self.assertRaises(AccessError):
            pk.with_user(self.user_secretary).action_sign()
        with self.assertRaisesRegex(UserError, "Attach the scan"):
            pk.with_user(self.user_head).action_sign()

    def test_head_returns_it_with_a_reason(self):
        """The Kepala Dinas returns the PK with a reason (his dialog, as him): it is a draft
        again, its sender gets the reason in his inbox (escaped), and sending it again
        clears it and asks the Kepala Dinas again. Nobody else returns it."""
        pk = self._pk()
        pk.with_user(self.user_kasubag).action_submit()
        with self.assertRaises(UserError):
            pk.with_user(self.user_kasubag).action_reject()
        action = pk.with_user(self.user_head).action_reject()
        Wizard = self.env[action["res_model"]].with_user(self.user_head)
        with Form(Wizard.with_context(**action["context"])) as form:
            form.reason = "Target <b>IKU 2</b> belum sesuai RKT"
        form.record.action_confirm()
        self.assertEqual(pk.state, "draft")
        self.assertEqual(pk.reject_reason, "Target <b>IKU 2</b> belum sesuai RKT")
        fix = pk.activity_ids
        self.assertEqual(fix.user_id, self.user_kasubag)
        self.assertEqual(
            fix.activity_type_id, self.env.ref("sop_lakip.mail_activity_type_lakip_pk_fix")
        )
        self.assertIn("&lt;b&gt;IKU 2&lt;/b&gt;", fix.note)
        with self.assertRaisesRegex(UserError, "returned"):
            pk.with_user(self.user_head)._reject("Lagi")  # a draft is not returned
        pk.with_user(self.user_kasubag).action_submit()
        with self.assertRaisesRegex(UserError, "Say why"):
            pk.with_user(self.user_head)._reject("  ")
        self.assertEqual(pk.state, "to_sign")
        self.assertFalse(pk.reject_reason)
        self.assertFalse(fix.exists())
        self.assertEqual(pk.activity_ids.user_id, self.user_head)
        with self.assertRaises(UserError):
            pk.with_user(self.user_kasubag).write({"reject_reason": False, "state": "draft"})

    def test_signed_targets_are_locked_until_a_perubahan(self):
        """A signed PK locks its year's targets (a translated refusal naming it); a draft
        PK Perubahan unlocks them, its submission locks them again."""
        pk = self._sign(self._pk())
        target = self._target(self.ind_rehab)
        self.env["res.lang"]._activate_lang("id_ID")
        self.env.ref("base.module_sop_lakip")._update_translations(["id_ID"])
        with self.assertRaisesRegex(UserError, "Target tahun 2024 adalah target PK 2024"):
            target.with_user(self.user_kasubag).with_context(lang="id_ID").target = 85
        with self.assertRaisesRegex(UserError, "PK 2024"):
            target.with_user(self.user_kasubag).target_max = 90
        target.with_user(self.user_kasubag).target = 80  # the same value again is no change
        action = pk.with_user(self.user_kasubag).action_amend()
        amendment = self.env["lakip.pk"].browse(action["res_id"])
        target.with_user(self.user_kasubag).target = 85
        amendment.with_user(self.user_kasubag).change_reason = "APBD Perubahan"
        amendment.with_user(self.user_kasubag).action_submit()
        with self.assertRaisesRegex(UserError, "PK Perubahan 2024"):
            target.with_user(self.user_kasubag).target = 90

    def test_a_sent_lakip_speaks_first(self):
        """A target of a year whose LAKIP was sent is refused with the LAKIP's reason."""
        self._sign(self._pk())
        self.report.sudo().state = "sent"
        with self.assertRaisesRegex(UserError, "LAKIP 2024 of Dinas Uji A is Sent"):
            self._target(self.ind_rehab).with_user(self.user_kasubag).target = 85

    def test_perubahan_supersedes_and_keeps_its_predecessor(self):
        """The PK Perubahan holds the reason and the changes; once signed it is in force
        and the PK it amends is superseded, still as it was signed."""
        pk = self._sign(self._pk())
        action = pk.with_user(self.user_kasubag).action_amend()
        amendment = self.env["lakip.pk"].browse(action["res_id"])
        self.assertEqual((amendment.name, amendment.previous_id), ("PK Perubahan 2024", pk))
        self.assertEqual(len(amendment.program_ids), 2)
        with self.assertRaisesRegex(UserError, "Reason for the Change"):
            amendment.with_user(self.user_kasubag).action_submit()
        self._target(self.ind_village).with_user(self.user_kasubag).target = 32
        amendment.program_ids[0].with_user(self.user_kasubag).budget = 1400000000
        amendment.with_user(self.user_kasubag).change_reason = "APBD Perubahan 2024"
        self.assertIn("Persentase desa mandiri: 30 % \u2192 32 %", amendment.change_summary)
        self.assertIn("Rp 1.250.000.000 \u2192 Rp 1.400.000.000", amendment.change_summary)
        self._sign(amendment)
        self.assertEqual((pk.state, pk.superseded_by_id), ("superseded", amendment))
        self.assertEqual(amendment.state, "signed")
        self.assertIn("30", pk._get_target_rows()[2]["target"], "the predecessor stays as signed")
        self.assertIn("32", amendment._get_target_rows()[2]["target"])
        self.assertEqual(self.report.pk_id, amendment)
        self.assertIn("Persentase desa mandiri: 30 % \u2192 32 %", amendment.change_summary)

    def test_signed_pk_is_not_changed_or_deleted(self):
        pk = self._sign(self._pk())
        with self.assertRaises(UserError):
            pk.program_ids[0].with_user(self.user_kasubag).budget = 1
        with self.assertRaises(UserError):
            pk.with_user(self.user_kasubag).superior_name = "Orang lain"
        with self.assertRaises(UserError):
            pk.with_user(self.user_head).unlink()


@tagged("post_install", "-at_install")
class TestLakipPkAccess(PkCommon):
    def test_auditor_reads_and_writes_nothing(self):
        pk = self._sign(self._pk())
        auditor = pk.with_user(self.user_auditor)
        self.assertEqual(auditor.line_ids.mapped("indicator_name")[0], "Persentase PMKS tertangani")
        self.assertEqual(auditor.program_ids.mapped("budget"), [1250000000, 640500000])
        for call in (
            lambda: auditor.write({"superior_name": "X"}),
            lambda: auditor.action_amend(),
            lambda: auditor.program_ids[0].write({"note": "X"}),
            lambda: auditor.line_ids[0].write({"target": 1}),
            lambda: (
                self.env["lakip.pk"]
                .with_user(self.user_auditor)
                .create({"company_id": self.company.id, "year": 2025})
            ),
        ):
            with self.assertRaises(UserError):  # an AccessError is one
                call()

    def test_other_agency_sees_nothing(self):
        pk = self._sign(self._pk())
        other = self.env["lakip.pk"].with_user(self.user_kasubag_b)
        self.assertFalse(other.search([]))
        self.assertFalse(self.env["lakip.pk.line"].with_user(self.user_kasubag_b).search([]))
        with self.assertRaises(AccessError):
            pk.with_user(self.user_kasubag_b).read(["name"])
        with self.assertRaises(AccessError):
            pk.program_ids.with_user(self.user_kasubag_b).read(["budget"])


@tagged("post_install", "-at_install")
class TestLakipPkNoEmail(NoEmailMixin, PkCommon):
    def test_sign_from_the_head_s_inbox(self):
        """Kasubag and Kepala Dinas without e-mail: the hand-off lands in his inbox and his
        signature closes it; amending works the same."""
        pk = self._pk()
        self._press(self.user_kasubag, pk, "action_submit")
        activity = pk.activity_ids
        self.assertEqual(activity.user_id, self.user_head)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("sop_lakip.mail_activity_type_lakip_pk_sign")
        )
        with self.assertRaises(UserError):  # closed by signing, not by hand
            self._as(self.user_head, activity).action_feedback(feedback="Selesai")
        action = self._as(self.user_head, pk).action_reject()
        self._answer(self.user_head, action, "Anggaran program kedua keliru", pk)
        self.assertEqual(pk.activity_ids.user_id, self.user_kasubag)
        self._press(self.user_kasubag, pk, "action_submit")
        pk.with_user(self.user_kasubag).signed_document = SCAN
        self._press(self.user_head, pk, "action_sign")
        self.assertEqual(pk.state, "signed")
        self.assertFalse(pk.activity_ids)
        action = self._as(self.user_kasubag, pk).action_amend()
        self._assert_logged(
            self.env["lakip.pk"].browse(action["res_id"]),
            self.user_kasubag,
            self.env["mail.message"],
        )


@tagged("post_install", "-at_install")
class TestLakipPkPrinted(TourCase, PkCommon):
    """The printed PK as the web client gets it (the HTTP server runs: report assets)."""

    def _text(self, pk):
        self.assertTrue(self.http_port(), "the HTTP server must run to load the report assets")
        logger = "odoo.addons.base.models.ir_actions_report"
        with self.assertLogs(logger, "DEBUG") as logs:
            logging.getLogger(logger).debug("printing")
            pdf = self._render_pdf(PK_REPORT, pk)
        self.assertFalse([line for line in logs.output if "network error" in line.lower()])
        return pdf, normalize(self._poppler("pdftotext", pdf, "-raw"))

    def test_printed_figures_equal_the_records(self):
        """Statement and attachment in Indonesian: parties, targets (a range as a to b),
        programmes with their budgets and the total, place and date."""
        pk = self._sign(self._pk())
        pdf, text = self._text(pk)
        for expected in (
            "PEMERINTAH KABUPATEN UJI",
            "PERJANJIAN KINERJA TAHUN 2024",
            "DINAS UJI A",
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif",
            "Dra. Kepala Uji",
            "Bupati Uji",
            "Ir. Bupati Uji",
            "selaku atasan pihak pertama",
            "NIP. 19660930 199702 2 002",
            "Tilamuta, 15 Januari 2024",
            "Sasaran Strategis Indikator Kinerja Target",
            "Meningkatnya kesejahteraan sosial",
            "Persentase BUMDes aktif 60 \u2013 80 %",
            "Persentase penduduk miskin 7 %",
            "Program Rehabilitasi Sosial Rp 1.250.000.000 APBD",
            "Program Pemberdayaan Desa Rp 640.500.000",
            "Jumlah Rp 1.890.500.000",
            "PIHAK KEDUA",
            "PIHAK PERTAMA",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("DRAFT", text)
        self.assertRegex(self._poppler("pdfinfo", pdf), r"Pages:\s+2\n", "statement, attachment")

    def test_perubahan_prints_its_title_and_draft_mark(self):
        pk = self._sign(self._pk())
        amendment = self.env["lakip.pk"].browse(
            pk.with_user(self.user_kasubag).action_amend()["res_id"]
        )
        _pdf, text = self._text(amendment)
        self.assertIn("PERJANJIAN KINERJA PERUBAHAN TAHUN 2024", text)
        self.assertIn("DRAFT", text)


@tagged("post_install", "-at_install")
class TestLakipPkTour(TourCase, PkCommon):
    def test_kasubag_creates_a_pk_with_new(self):
        """In the web client the Kasubag clicks New, types the PK and saves it."""
        self.start_tour(
            "/odoo/action-sop_lakip.lakip_pk_action",
            "lakip_pk_new_tour",
            login=self.user_kasubag.login,
        )
        pk = self.env["lakip.pk"].search([("superior_name", "=", "Ir. Bupati Tur")])
        self.assertEqual(
            (pk.name, pk.state, pk.company_id, pk.create_uid),
            ("PK 2024", "draft", self.company, self.user_kasubag),
        )
        self.assertEqual(pk.head_id, self.company.sop_head_id)
        self.assertEqual(
            pk.program_ids.mapped(lambda p: (p.name, p.budget)),
            [("Program Tur Rehabilitasi", 1250000.0)],
        )
