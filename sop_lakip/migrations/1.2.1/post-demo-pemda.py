"""The demo pemda's links, on a database whose demo data an earlier version loaded.

Demo data is loaded noupdate: an upgrade creates the records new to the demo, but writes
nothing on those that exist, even the second pass of a record written in two (a department,
then its manager once the employee exists). So on a database installed before the pemdas:
the demo agencies stayed outside their pemda (``parent_id``, set on the existing agency
records), and on one installed before the Bagian Organisasi (or upgraded from before the
pemdas): Boalemo's Bagian Organisasi had no manager, and the pemda's recap was signed with
dots. Here both are set where they are missing; a database without the demo data, or where
they were set otherwise, is left alone, and so is an agency no longer named as the demo named
it (a real agency that reused the demo company). Where Odoo refuses the move (accounting
installed, an agency with branches), the agency is skipped with a warning: the upgrade goes on.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# demo agency -> its demo pemda and the name the demo gave it
PEMDAS = {
    "sop_demo_company_boalemo": (
        "sop_demo_pemda_boalemo",
        "Dinas Sosial dan Pemberdayaan Masyarakat dan Desa Kabupaten Boalemo",
    ),
    "sop_demo_company_bangka_tengah": (
        "sop_demo_pemda_bangka_tengah",
        "Dinas Sosial, Pemberdayaan Masyarakat dan Desa Kabupaten Bangka Tengah",
    ),
    "sop_demo_company_balangan": (
        "sop_demo_pemda_balangan",
        "Dinas Pendidikan dan Kebudayaan Kabupaten Balangan",
    ),
}


def place_under_pemda(env, agency, pemda):
    """Set the demo agency's pemda; skip it where Odoo refuses (with accounting installed,
    or an agency that has branches): the upgrade goes on without it."""
    try:
        with env.cr.savepoint():
            agency.parent_id = pemda  # placed under its pemda once (res_company.write)
    except UserError as error:
        agency.invalidate_recordset(["parent_id"])
        _logger.warning("Demo agency %s not placed under %s: %s", agency.name, pemda.name, error)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})

    def ref(name):
        return env.ref(f"sop_lakip.{name}", raise_if_not_found=False)

    for agency, (pemda, demo_name) in PEMDAS.items():
        agency, pemda = ref(agency), ref(pemda)
        # A real agency that reused a demo company (renamed) is not moved.
        if agency and pemda and not agency.parent_id and agency.name == demo_name:
            place_under_pemda(env, agency, pemda)
    department = ref("sop_demo_pemda_boalemo_dept_organisasi")
    manager = ref("sop_demo_pemda_boalemo_emp_koordinator")
    if department and manager and not department.manager_id:
        department.manager_id = manager
