"""The shipped templates were JSON text (``content``); since version 1.3.0 each is an Excel
file of data/templates/ in the addon's own layout. Templates are loaded once (noupdate), so
an installed database gets the files here, and the old column goes."""

import base64

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_open

FILES = {
    "sop_template_penyusunan_lakip": "penyusunan_lakip",
    "sop_template_pengumpulan_data_kinerja": "pengumpulan_data_kinerja",
    "sop_template_persiapan_penyusunan_lakip": "persiapan_penyusunan_lakip",
    "sop_template_penyusunan_lakip_fungsional": "penyusunan_lakip_fungsional",
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, name in FILES.items():
        template = env.ref(f"sop_lakip.{xmlid}", raise_if_not_found=False)
        if template:
            with file_open(f"sop_lakip/data/templates/{name}.xlsx", "rb") as file:
                template.with_context(active_test=False).xlsx_file = base64.b64encode(file.read())
    cr.execute("ALTER TABLE sop_template DROP COLUMN IF EXISTS content")
