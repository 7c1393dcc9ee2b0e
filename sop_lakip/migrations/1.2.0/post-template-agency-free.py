"""The shipped Penyusunan LAKIP template named Dinas Sosial dan Pemberdayaan Masyarakat dan
Desa in five of its steps (since version 1.2.0 it names no agency). Templates are loaded
once (noupdate), so an installed database gets the corrected text here."""

AGENCY = "Dinas Sosial dan Pemberdayaan Masyarakat dan Desa"


def migrate(cr, version):
    if not version:
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
