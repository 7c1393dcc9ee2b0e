"""Steps carry their printed number (sop.step.number, stored since version 1.1.0).

The existing steps of every SOP are numbered 1..N in their former order (sequence,
then id). The Bangka Tengah demo SOP is printed 1-8, 11-13 (its demo data is not
reloaded on update): its last three steps get their printed numbers.
"""

import json

DEMO_NUMBERS = {
    "sop_demo_bangka_tengah_sop_persiapan_lakip_step_09": 11,
    "sop_demo_bangka_tengah_sop_persiapan_lakip_step_10": 12,
    "sop_demo_bangka_tengah_sop_persiapan_lakip_step_11": 13,
}


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE sop_step s
           SET number = n.number
          FROM (SELECT id, row_number() OVER (PARTITION BY document_id ORDER BY sequence, id)
                       AS number
                  FROM sop_step) n
         WHERE n.id = s.id AND s.number IS NULL
        """
    )
    cr.execute(
        """
        UPDATE sop_step s
           SET number = (%s::jsonb ->> d.name)::int
          FROM ir_model_data d
         WHERE d.module = 'sop_lakip' AND d.model = 'sop.step'
           AND d.res_id = s.id AND d.name = ANY(%s)
        """,
        [json.dumps(DEMO_NUMBERS), list(DEMO_NUMBERS)],
    )
