"""Benchmark figures at a province's scale, one per line; run through
``scripts/benchmark.sh --province DB`` (inside ``odoo shell``) on a database that
scripts/province_data.py filled.

What a user or the cron pays on the big database, each beside Odoo's own operation of the same
size in the same run (``*_odoo_*``; the samples alternate, each figure is their median, as in
benchmark.py): the register's list as the web client asks for it, an agency's *Waiting for My
Approval*, the pemda dashboard, the overdue reminders and the semester's monitoring of every
agency. Odoo's side reads (``web_search_read`` / ``web_read_group``) as many rows, or groups,
of its own ``res.partner`` as ours returns, with the same kind of columns, as the same user.
Everything is rolled back at the end. SOP_PROVINCE_ONLY (a comma-separated list of register,
dashboard, cron, monitoring; default all) runs some of them.
"""

import datetime
import os

from bench_data import busiest_agency, emit, emit_pair, measure, medians, paired, undone
from lxml import etree

from odoo import fields

SAMPLES = 5
PAGE = 80  # the web client's list page


def list_spec(env, model):
    """The ``web_search_read`` specification of the fields of ``model``'s list view."""
    Model = env[model]
    arch = Model.get_views([(False, "list")])["views"]["list"]["arch"]
    spec = {}
    for node in etree.fromstring(arch).iterfind("field"):
        field = Model._fields[node.get("name")]
        spec[field.name] = {"fields": {"display_name": {}}} if field.type == "many2one" else {}
    return spec


PARTNER_SPEC = {
    "display_name": {},
    "email": {},
    "phone": {},
    "city": {},
    "function": {},
    "company_id": {"fields": {"display_name": {}}},
    "country_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
}


def partners_read(env, user, count):
    """Odoo's own list read of ``count`` partners as ``user``: the function and its rows."""
    Partner = env["res.partner"].with_user(user).with_context(user.env.context)
    domain = [("id", "in", Partner.search([], limit=count, order="id").ids)]

    def read():
        return Partner.web_search_read(domain, PARTNER_SPEC, limit=PAGE, order="name")

    return read


def pair_reads(env, name, user, ours):
    """``ours`` (a function returning web_search_read's result) beside Odoo's read of as
    many partners, as ``user``."""
    rows = len(ours()["records"])
    theirs = partners_read(env, user, rows)
    emit(f"{name}_rows", rows)
    emit_pair(name, *paired(env, [ours] * SAMPLES, [theirs] * SAMPLES))


def register(env, coordinator, sekretaris, head):
    """The SOP register as each sees it: the first page, a search by name, grouped by
    agency; Waiting for My Approval of the Sekretaris and the Kepala Dinas."""
    spec = list_spec(env, "sop.document")
    for who, user in (("coordinator", coordinator), ("agency", sekretaris)):
        Document = env["sop.document"].with_user(user)
        pair_reads(
            env,
            f"register_first_page_{who}",
            user,
            lambda D=Document: D.web_search_read([], spec, limit=PAGE),
        )
        search = ["|", ("name", "ilike", "Arsip"), ("number", "ilike", "Arsip")]
        pair_reads(
            env,
            f"register_search_name_{who}",
            user,
            lambda D=Document, s=search: D.web_search_read(s, spec, limit=PAGE),
        )
        group_by(env, f"register_group_by_agency_{who}", user, Document)
    for who, user in (("sekretaris", sekretaris), ("head", head)):
        Document = env["sop.document"].with_user(user)
        waiting = [("waiting_my_approval", "=", True)]
        pair_reads(
            env,
            f"waiting_my_approval_{who}",
            user,
            lambda D=Document, w=waiting: D.web_search_read(w, spec, limit=PAGE),
        )


def group_by(env, name, user, records, groupby="company_id"):
    """``web_read_group`` of ``records`` by ``groupby`` beside Odoo's of as many partners
    (grouped by their own creator, a many2one too) as there are rows in the groups."""
    ours = lambda: records.web_read_group([], ["__count"], [groupby], limit=PAGE)  # noqa: E731
    result = ours()
    rows = sum(group[f"{groupby}_count"] for group in result["groups"])
    Partner = env["res.partner"].with_user(user).with_context(user.env.context)
    domain = [("id", "in", Partner.search([], limit=rows, order="id").ids)]
    theirs = lambda: Partner.web_read_group(domain, ["__count"], ["create_uid"], limit=PAGE)  # noqa: E731
    emit(f"{name}_groups", result["length"])
    emit(f"{name}_rows", rows)
    emit_pair(name, *paired(env, [ours] * SAMPLES, [theirs] * SAMPLES))


def dashboard(env, coordinator, admin):
    """The pemda dashboard (sop.coordination) as its coordinator and as the administrator
    of every pemda, and the administrator's grouped by pemda."""
    spec = list_spec(env, "sop.coordination")
    for who, user in (("coordinator", coordinator), ("all_pemda", admin)):
        Rows = env["sop.coordination"].with_user(user).with_context(user.env.context)
        limit = None if who == "all_pemda" else PAGE
        pair_reads(
            env,
            f"dashboard_{who}",
            user,
            lambda R=Rows, n=limit: R.web_search_read([], spec, limit=n),
        )
    Rows = env["sop.coordination"].with_user(admin).with_context(admin.env.context)
    group_by(env, "dashboard_group_by_pemda", admin, Rows, groupby="parent_id")
    dashboard_read_groups(env, coordinator, spec)


def dashboard_read_groups(env, user, spec):
    """The coordinator's dashboard beside Odoo's own ``_read_group`` of the rows it counts
    (the issue's comparison): his agencies' SOPs by state, those past their review date,
    the runs and the steps done this period, the last period's monitoring, the evaluations
    concluded since and the pemda templates adopted, as him, one ``_read_group`` each."""
    Rows = env["sop.coordination"].with_user(user).with_context(user.env.context)
    agencies = Rows.search([]).company_id
    today = fields.Date.context_today(Rows)
    start, _end = env["sop.monitoring"]._period_of(agencies[:1], today)
    last_start, _last_end = env["sop.monitoring"]._last_period_of(agencies[:1], today)
    mine = [("company_id", "in", agencies.ids)]

    def group(model, domain, groupby, aggregates=("__count",)):
        Model = env[model].with_user(user).with_context(user.env.context)
        return Model._read_group(mine + domain, groupby, list(aggregates))

    def theirs():
        group("sop.document", [], ["company_id", "state"], ["__count", "date_submitted:min"])
        group(
            "sop.document",
            [("state", "=", "approved"), ("date_review", "<", today)],
            ["company_id"],
        )
        group("sop.instance", [("date_start", ">=", start)], ["company_id"])
        group(
            "sop.workitem",
            [("state", "=", "done"), ("date_done", ">=", start)],
            ["company_id", "within_standard"],
        )
        group("sop.monitoring", [("date_from", "=", last_start)], ["company_id", "state"])
        group(
            "sop.evaluation", [("state", "=", "done"), ("date", ">=", last_start)], ["company_id"]
        )
        group(
            "sop.document",
            [("template_id.company_id", "in", agencies.parent_id.ids)],
            ["company_id"],
        )

    ours = lambda: Rows.web_search_read([], spec, limit=PAGE)  # noqa: E731
    emit("dashboard_coordinator_vs_read_group_rows", len(agencies))
    emit_pair(
        "dashboard_coordinator_vs_read_group",
        *paired(env, [ours] * SAMPLES, [theirs] * SAMPLES),
    )


def overdue_cron(env):
    """The overdue reminders over every agency (one sample, undone), beside Odoo's own
    ``message_post`` of as many notes, to the same people on the same runs."""
    Workitem = env["sop.workitem"]
    overdue = Workitem.search([("is_overdue", "=", True)])
    emit("overdue_cron_items", len(overdue))
    emit("overdue_cron_runs", len(overdue.instance_id))
    env.cr.execute("SELECT max(id) FROM mail_message")
    before = env.cr.fetchone()[0]

    def ours():
        figures = measure(env, env["sop.instance"]._cron_remind_overdue)
        env.cr.execute("SELECT count(*) FROM mail_message WHERE id > %s", [before])
        return figures, env.cr.fetchone()[0]

    mine, posts = undone(env, ours)
    emit("overdue_cron_messages", posts)
    pairs = [(w.instance_id, w.user_id.partner_id) for w in overdue]
    pairs = (pairs * (posts // max(len(pairs), 1) + 1))[:posts]

    def theirs():
        for run, partner in pairs:
            run.message_post(body="Odoo", partner_ids=partner.ids, subtype_xmlid="mail.mt_note")

    emit_pair("overdue_cron", mine, undone(env, lambda: measure(env, theirs)))


def monitoring(env):
    """The monitoring of the last semester prepared for every agency by its cron (one
    sample, undone), beside Odoo's own: a grouped read of the semester's work items and, in
    one ``create``, an activity for each form's assessor on as many records (Odoo subscribes
    each assessor to his record, as ours). Ours also creates and fills a line per SOP in
    force (``monitoring_prefill_every_agency_lines``), which Odoo's side does not."""
    Monitoring = env["sop.monitoring"]

    def ours():
        figures = measure(env, lambda: made.append(Monitoring._cron_prepare_monitorings()))
        monitorings = made[-1]
        emit("monitoring_prefill_agencies", len(monitorings))
        emit("monitoring_prefill_every_agency_lines", len(monitorings.line_ids))
        return figures, [m.assessor_id.id for m in monitorings], monitorings[:1].date_from

    made = []
    mine, assessors, start = undone(env, ours)
    end = start + datetime.timedelta(days=183)
    users = env["res.users"].browse([a for a in assessors if a])  # a form without one has none
    partners = env["res.partner"].search([], limit=len(users), order="id")
    todo = env.ref("mail.mail_activity_data_todo")
    model = env["ir.model"]._get_id("res.partner")

    def theirs():
        env["sop.workitem"]._read_group(
            [("date_start", ">=", start), ("date_start", "<", end)],
            ["document_id", "state"],
            ["__count", "duration_ratio:sum"],
        )
        env["mail.activity"].create(
            [
                {
                    "res_model_id": model,
                    "res_id": partner.id,
                    "activity_type_id": todo.id,
                    "summary": "Odoo",
                    "user_id": user.id,
                }
                for partner, user in zip(partners, users, strict=True)
            ]
        )

    emit_pair("monitoring_prefill_every_agency", mine, undone(env, lambda: measure(env, theirs)))


def monitoring_one(env, kasubag):
    """A Kasubag prepares his agency's monitoring of the last semester (its SOPs' lines
    and figures), beside Odoo's own grouped read of the same work items and an activity
    scheduled on one record, as him."""
    Monitoring = env["sop.monitoring"].with_user(kasubag)
    company = kasubag.company_id
    start, end = Monitoring._last_period_of(company, fields.Date.context_today(Monitoring))
    emit(
        "monitoring_prefill_one_agency_items",
        env["sop.workitem"].search_count(
            [("company_id", "=", company.id), ("date_start", ">=", start), ("date_start", "<", end)]
        ),
    )
    documents = env["sop.document"].search([("company_id", "=", company.id)])
    partner = kasubag.partner_id.sudo()  # a to-do on a contact: what Odoo lets any user do

    def ours():
        record = Monitoring.create({"company_id": company.id, "date_from": start, "date_to": end})
        return measure(env, record.action_prepare_lines)

    def theirs():
        def run():
            env["sop.workitem"].with_user(kasubag)._read_group(
                [
                    ("document_id", "in", documents.ids),
                    ("date_start", ">=", start),
                    ("date_start", "<", end),
                ],
                ["document_id", "state"],
                ["__count", "duration_ratio:sum"],
            )
            partner.activity_schedule(
                "mail.mail_activity_data_todo", summary="Odoo", user_id=kasubag.id
            )

        return measure(env, run)

    mine, other = [], []
    for _i in range(SAMPLES):
        mine.append(undone(env, ours))
        other.append(undone(env, theirs))
    emit_pair("monitoring_prefill_one_agency", medians(mine), medians(other))


def province(env):
    Users = env["res.users"]
    coordinator = Users.search([("login", "=", "koordinator.uji01")])
    sekretaris = Users.search([("login", "=", "sekretaris.uji01.01")])
    head = Users.search([("login", "=", "kadis.uji01.01")])
    admin = env.ref("base.user_admin")
    admin.company_ids = env["res.company"].search([])
    emit("agencies", env["sop.coordination"].search_count([]))
    emit("sops", env["sop.document"].search_count([]))
    emit("work_items", env["sop.workitem"].search_count([]))
    parts = os.environ.get("SOP_PROVINCE_ONLY", "register,dashboard,cron,monitoring").split(",")
    if "register" in parts:
        register(env, coordinator, sekretaris, head)
    if "dashboard" in parts:
        dashboard(env, coordinator, admin.with_context(allowed_company_ids=admin.company_ids.ids))
    if "cron" in parts:
        overdue_cron(env)
    if "monitoring" not in parts:
        return
    start, end = env["sop.monitoring"]._last_period_of(head.company_id, fields.Date.today())
    agency = busiest_agency(env, start, end)
    monitoring_one(
        env, Users.search([("login", "=like", "kasubag.%"), ("company_id", "=", agency.id)])
    )
    monitoring(env)


try:
    province(env)  # noqa: F821 - provided by odoo shell
finally:
    env.cr.rollback()  # noqa: F821
