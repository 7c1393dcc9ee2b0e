from datetime import date

from odoo import Command
from odoo.tests import Form, tagged

from .common import LakipCommon, TourCase


def _prepared_monitoring(case):
    """Agency A's monitoring of semester II 2024 with its SOP approved, its lines prepared
    by the Kasubag."""
    case._approve(case.sop)
    monitoring = case.env["sop.monitoring"].create(
        {"company_id": case.company.id, "date_from": date(2024, 7, 1),
         "date_to": date(2024, 12, 31)}
    )  # fmt: skip
    monitoring.with_user(case.user_kasubag).action_prepare_lines()
    return monitoring


@tagged("post_install", "-at_install")
class TestDisplayNames(LakipCommon):
    """Every record of the addon reads as what it is, never as "model,id"."""

    def test_every_model_names_its_records(self):
        """Each model of the addon has a name field or computes its display name."""
        unnamed = [
            name
            for name, model in self.env.registry.items()
            if model._original_module == "sop_lakip"
            and not model._abstract
            and not model._transient
            and model._rec_name not in model._fields
            and model._compute_display_name is self.env.registry["base"]._compute_display_name
        ]
        self.assertFalse(unnamed, "models whose records display as 'model,id'")

    def test_monitoring_line_on_the_evaluation_form(self):
        """The evaluation form names its monitoring line by SOP and monitoring period."""
        monitoring = _prepared_monitoring(self)
        line = monitoring.line_ids
        action = line.with_user(self.user_kasubag).action_evaluate()
        Evaluation = self.env["sop.evaluation"].with_user(self.user_kasubag)
        form = Form(Evaluation.with_context(**action["context"]))
        self.assertEqual(
            form.monitoring_line_id.display_name,
            "Penyusunan LAKIP \u2013 SOP Monitoring Semester II 2024",
        )

    def test_realisation_and_role_holder(self):
        """A quarter's realisation and a run's role holder read as what they are."""
        target = self._target(self.ind_rehab)
        target.realization_ids = [Command.create({"quarter": "3", "value": 20})]
        self.assertEqual(
            target.realization_ids.display_name, "Persentase PMKS tertangani \u2013 2024 TW III"
        )
        run = self._start()
        holder = run.holder_ids.filtered(lambda h: h.role_id == self.role_staff)
        self.assertEqual(holder.display_name, "Staf \u2013 Run")


@tagged("post_install", "-at_install")
class TestDisplayNamesTour(TourCase, LakipCommon):
    def test_evaluation_from_monitoring_in_the_web_client(self):
        """The Kasubag clicks Evaluate on a monitoring line: the evaluation form names the
        line by SOP and period, with no "model,id" on the page, and saves."""
        monitoring = _prepared_monitoring(self)
        self.start_tour(
            f"/odoo/action-sop_lakip.sop_monitoring_action/{monitoring.id}",
            "sop_evaluation_from_monitoring_tour",
            login=self.user_kasubag.login,
        )
        evaluation = self.env["sop.evaluation"].search(
            [("monitoring_line_id", "=", monitoring.line_ids.id)]
        )
        self.assertEqual(evaluation.create_uid, self.user_kasubag)
