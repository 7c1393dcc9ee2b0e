"""Version 1.3.0 sends every compiled LAKIP to the Inspektorat's reviu. A LAKIP compiled
before the upgrade has none, and an agency that signs its LAKIP after its reviu (the default)
could never sign it: each compiled, not yet signed LAKIP without a reviu gets it here, in
review and in its reviewers' inbox, as if it had been compiled after the upgrade. Signed and
sent LAKIPs are left alone: their reviu, if any, was done on paper."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["lakip.reviu"]._request_for_compiled_before()
