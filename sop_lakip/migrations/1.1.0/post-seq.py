"""Letter serials come from one no-gap ir.sequence per kind of letter (since version 1.1.0).

Each yearly counter (kind, year, last serial) of the removed sop.letter.counter becomes
the year's date range of its kind's sequence, numbering on from the last serial. The
model is gone, its table is not (Odoo drops the table of a removed model only while the
model is still in the registry): it is read in SQL, then dropped.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT to_regclass('sop_letter_counter')")
    if not cr.fetchone()[0]:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("SELECT kind_id, year, last_serial FROM sop_letter_counter ORDER BY kind_id, year")
    for kind_id, year, last_serial in cr.fetchall():
        env["sop.letter.kind"].browse(kind_id)._start_year(year, last_serial or 0)
    cr.execute("DROP TABLE sop_letter_counter")
