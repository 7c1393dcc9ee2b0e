"""The demo pemda's links, on a database whose demo data an earlier version loaded.

Demo data is loaded noupdate: an upgrade creates the records new to the demo, but writes
nothing on those that exist, even the second pass of a record written in two (a department,
then its manager once the employee exists). So on a database installed before the pemdas:
the demo agencies stayed outside their pemda (``parent_id``, set on the existing agency
records), and on one installed before the Bagian Organisasi (or upgraded from before the
pemdas): Boalemo's Bagian Organisasi had no manager, and the pemda's recap was signed with
dots. Here both are set where they are missing; a database without the demo data, or where
they were set otherwise, is left alone.
"""

from odoo import SUPERUSER_ID, api

# demo agency -> its demo pemda
PEMDAS = {
    "sop_demo_company_boalemo": "sop_demo_pemda_boalemo",
    "sop_demo_company_bangka_tengah": "sop_demo_pemda_bangka_tengah",
    "sop_demo_company_balangan": "sop_demo_pemda_balangan",
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})

    def ref(name):
        return env.ref(f"sop_lakip.{name}", raise_if_not_found=False)

    for agency, pemda in PEMDAS.items():
        agency, pemda = ref(agency), ref(pemda)
        if agency and pemda and not agency.parent_id:
            agency.parent_id = pemda  # placed under its pemda once (res_company.write)
    department = ref("sop_demo_pemda_boalemo_dept_organisasi")
    manager = ref("sop_demo_pemda_boalemo_emp_koordinator")
    if department and manager and not department.manager_id:
        department.manager_id = manager
