"""The shipped Penyusunan LAKIP template named Dinas Sosial dan Pemberdayaan Masyarakat dan
Desa in five of its steps (since version 1.2.0 it names no agency). Templates are loaded
once (noupdate), so an installed database gets the corrected text here."""

from odoo.tools.sql import column_exists

AGENCY = "Dinas Sosial dan Pemberdayaan Masyarakat dan Desa"


def migrate(cr, version):
    # Since 1.3.0 the templates are Excel files (migrations/1.3.0): an upgrade from a
    # version without the templates' JSON column has no text to correct.
    if not version or not column_exists(cr, "sop_template", "content"):
        return
    cr.execute(
        """
        UPDATE sop_template
           SET content = replace(replace(content, %s, 'Kepala Dinas'), %s, '')
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'sop_lakip' AND model = 'sop.template')
        """,
        [f"Kepala {AGENCY}", f" {AGENCY}"],
    )
