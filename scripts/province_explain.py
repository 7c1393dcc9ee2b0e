"""The plans of the addon's own domains on the province database, for choosing its indexes:
``odoo shell -d DB < scripts/province_explain.py`` (after scripts/province_data.py). Prints,
per query, its EXPLAIN (ANALYZE, BUFFERS) as PostgreSQL runs it for the ORM's SQL of the
domain, as the user who runs it (record rules included).
"""

import datetime

from bench_data import busiest_agency

from odoo import fields
from odoo.tools import SQL


def explain(env, title, sql):
    env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", sql))
    print(f"=== {title}")
    for (line,) in env.cr.fetchall():
        print(line)


def search_sql(records, domain, **kwargs):
    return records._search(domain, **kwargs).select()


def plans(env):
    Users = env["res.users"]
    coordinator = Users.search([("login", "=", "koordinator.uji01")])
    sekretaris = Users.search([("login", "=", "sekretaris.uji01.01")])
    Document = env["sop.document"]
    explain(
        env,
        "register, first page (coordinator)",
        search_sql(Document.with_user(coordinator), [], limit=80, order=Document._order),
    )
    explain(
        env,
        "register, search by name (coordinator)",
        search_sql(
            Document.with_user(coordinator),
            ["|", ("name", "ilike", "Arsip"), ("number", "ilike", "Arsip")],
            limit=80,
            order=Document._order,
        ),
    )
    explain(
        env,
        "Waiting for My Approval (Sekretaris)",
        search_sql(
            Document.with_user(sekretaris),
            [("waiting_my_approval", "=", True)],
            limit=80,
            order=Document._order,
        ),
    )
    Workitem = env["sop.workitem"]
    explain(env, "overdue cron's search", search_sql(Workitem, [("is_overdue", "=", True)]))
    first, last = env["sop.monitoring"]._last_period_of(sekretaris.company_id, fields.Date.today())
    start, end = (
        datetime.datetime.combine(first, datetime.time()),
        datetime.datetime.combine(last, datetime.time()),
    )
    agency = busiest_agency(env, start, end)
    documents = Document.search([("company_id", "=", agency.id), ("state", "=", "approved")])
    explain(
        env,
        "monitoring of one agency: its work items of the semester",
        search_sql(
            Workitem,
            [
                ("document_id", "in", documents.ids),
                ("date_start", ">=", start),
                ("date_start", "<", end),
            ],
        ),
    )
    # Its figures: the view's every column for every agency (an id-only search lets
    # PostgreSQL drop the grouped joins whose columns it does not need).
    Rows = env["sop.coordination"]
    explain(env, "pemda dashboard, all agencies", SQL("SELECT * FROM (%s) t", Rows._table_query))


plans(env)  # noqa: F821 - provided by odoo shell
env.cr.rollback()  # noqa: F821
