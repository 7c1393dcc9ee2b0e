"""Names that differ between the Odoo versions the addon runs on (18.0 and 19.0).

Python code of the addon and of its tests uses these instead of the literal names, so
one source runs on both; what only data files name is rewritten by scripts/build_19.py.
"""

from odoo import release

ODOO_19 = release.version_info[0] >= 19

#: The groups of a ``res.users`` (and of actions, menus, views).
GROUPS_FIELD = "group_ids" if ODOO_19 else "groups_id"
#: The sex of an ``hr.employee`` (a field of its ``hr.version`` on 19.0).
SEX_FIELD = "sex" if ODOO_19 else "gender"


def store_values(store, record, values, as_thread=False):
    """Add ``values`` to the web client's record of ``record`` (its ``mail.thread`` one)."""
    if not ODOO_19:
        store.add(record, values, as_thread=as_thread)
    elif as_thread:
        store.add_model_values("mail.thread", {"id": record.id, "model": record._name, **values})
    else:
        store.add_model_values(record._name, {"id": record.id, **values})


def cron_progress(env, done, remaining):
    """Tell the scheduled job running now (if any) that ``done`` items are done and
    ``remaining`` wait: with some remaining, it runs again at once. 19.0 commits the
    progress (``_commit_progress``); 18.0 writes it in the job's transaction."""
    if not env.context.get("ir_cron_progress_id"):
        return
    if ODOO_19:
        env["ir.cron"]._commit_progress(done, remaining=remaining)
    else:
        env["ir.cron"]._notify_progress(done=done, remaining=remaining)
