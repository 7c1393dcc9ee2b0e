from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

from .common import SopCommon

SEED_SOPS = (
    "sop_lakip.sop_demo_boalemo_sop_lakip",
    "sop_lakip.sop_demo_boalemo_sop_data_kinerja",
    "sop_lakip.sop_demo_bangka_tengah_sop_persiapan_lakip",
    "sop_lakip.sop_demo_balangan_sop_lakip",
)


@tagged("post_install", "-at_install")
class TestSopSeedRuns(SopCommon):
    """Every seed SOP of the demo data runs from start to end, through a loop-back."""

    def _give_users(self, employees):
        for employee in employees.filtered(lambda e: not e.user_id):
            employee.user_id = new_test_user(
                self.env,
                login=f"seed_{employee.id}",
                groups="sop_lakip.group_sop_staff",
                company_id=employee.company_id.id,
                context=DISABLED_MAIL_CONTEXT,
            )

    def _run_to_the_end(self, sop):
        company = sop.company_id
        self._give_users(sop.step_ids.role_id.mapped("holder_id"))
        units = self.env["hr.department"].search(
            [("company_id", "=", company.id), ("sop_unit", "=", True)]
        )
        self._give_users(units.manager_id | units.sop_delegate_id)
        run = self.env["sop.instance"].create(
            {"name": f"Run {sop.name}", "document_id": sop.id, "company_id": company.id}
        )
        run.with_user(self.env.ref("base.user_admin")).with_company(company).action_start()
        said_no = False
        for _round in range(200):
            items = self._open(run)
            if not items:
                break
            item = items[0]
            actor = item.with_user(item.user_id)
            if item.symbol == "decision" and not said_no:
                actor._complete("no", "Perlu diperbaiki")
                said_no = item.step_id
            elif item.symbol == "decision":
                actor.action_yes()
            else:
                actor.activity_ids.action_feedback("Selesai")
        return run, said_no

    def test_every_seed_sop_runs_end_to_end(self):
        """Each seed SOP runs to its end step, every step done, the first No looping back."""
        for xmlid in SEED_SOPS:
            sop = self.env.ref(xmlid)
            with self.subTest(sop=sop.name):
                self.assertEqual(sop.state, "approved")
                run, decision = self._run_to_the_end(sop)
                self.assertEqual(run.state, "done")
                done = run.workitem_ids.filtered(lambda w: w.state == "done")
                self.assertEqual(done.step_id, sop.step_ids, "every step was done")
                self.assertTrue(decision, "the SOP has a decision")
                target = decision.no_step_id
                visits = done.filtered(lambda w, t=target: w.step_id == t)
                expected = len(visits.department_id) + 1 if target.per_unit else 2
                self.assertEqual(len(visits), expected, "the No looped back once")
                self.assertFalse(
                    self.env["mail.activity"].search(
                        [("res_model", "=", "sop.instance"), ("res_id", "=", run.id)]
                    )
                )

    def test_per_unit_seed_step_fans_out_to_every_bidang(self):
        """Boalemo's Pengumpulan Data Kinerja sends step 3 to each of its three Bidang."""
        sop = self.env.ref("sop_lakip.sop_demo_boalemo_sop_data_kinerja")
        run = self.env["sop.instance"].create(
            {"name": "Data Kinerja 2024", "document_id": sop.id, "company_id": sop.company_id.id}
        )
        run.with_user(self.env.ref("sop_lakip.sop_demo_boalemo_user_kasubag")).action_start()
        first = self._open(run)
        self.assertEqual(first.user_id, self.env.ref("sop_lakip.sop_demo_boalemo_user_sekretaris"))
        first.with_user(first.user_id).action_done()
        self._open(run).with_user(
            self.env.ref("sop_lakip.sop_demo_boalemo_user_kasubag")
        ).action_done()
        fills = self._open(run)
        self.assertEqual(len(fills), 3)
        self.assertEqual(
            set(fills.user_id.mapped("login")),
            {"kasie.boalemo", "kabid.pemsos.boalemo", "kabid.pmd.boalemo"},
        )
