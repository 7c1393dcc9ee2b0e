from odoo import fields, models
from odoo.tools import SQL


class SopAgencyView(models.AbstractModel):
    """A pemda's read-only view with one or more rows per agency (a company without child
    companies), computed by a query that starts from the common table ``agency``: the
    dashboard (sop.coordination) and its monitoring periods (sop.coordination.period).

    Only the user's agencies are rows in his queries (``_agency_cte``), yet another agency's
    row exists all the same (``exists``): the read rules refuse it, as for any record."""

    _name = "sop.agency.view"
    _description = "Pemda's View of its Agencies"
    # What _agency_cte reads: the ORM flushes them before the view is queried.
    _depends = {"res.company": ["parent_id", "parent_path", "active", "sop_monitoring_months"]}

    company_id = fields.Many2one("res.company", string="Agency", readonly=True)
    parent_id = fields.Many2one("res.company", string="Pemda", readonly=True)

    def _agency_cte(self, today):
        """The common table ``agency``: the active agencies that the user may read rows of,
        the months of their monitoring period and the first day of the period each is in on
        ``today``.

        A user's agencies are his companies and those under them (a coordinator's pemda): a
        superset of what the read rules let him read, and all of them as superuser. Only
        they are rows in his queries, so that a coordinator's dashboard counts his 40
        agencies and not a province's 1,400. The condition is on the company table itself,
        so that PostgreSQL knows how few agencies it holds and reads their records through
        the indexes."""
        if self.env.su:
            within = SQL("TRUE")
        else:
            # The paths of the topmost of them only: an administrator of a province's 1,400
            # agencies has one pattern per pemda, not one per agency for every company row.
            tops = []
            for path in sorted(self.env.companies.sudo().mapped("parent_path")):
                if not tops or not path.startswith(tops[-1]):  # under none kept so far
                    tops.append(path)
            within = SQL("c.parent_path LIKE ANY(%s)", [f"{path}%" for path in tops])
        return SQL(
            """agency AS (
        SELECT c.id, c.parent_id, c.sop_monitoring_months::int AS months,
               make_date(
                   EXTRACT(YEAR FROM %(today)s::date)::int,
                   (EXTRACT(MONTH FROM %(today)s::date)::int - 1)
                       / c.sop_monitoring_months::int * c.sop_monitoring_months::int + 1,
                   1
               ) AS period_start
          FROM res_company c
         WHERE c.active
           AND NOT EXISTS (SELECT 1 FROM res_company b WHERE b.parent_id = c.id)
           AND %(within)s
    )""",
            today=today,
            within=within,
        )

    def exists(self):
        # Another agency's row is not built for the user, but it exists all the same: Odoo's
        # checks that start from exists() must refuse it by the read rules, not take it for
        # deleted (ir.attachment's check of a row's files, the web client's switch to the
        # row's company).
        return self.browse(super(SopAgencyView, self.sudo()).exists()._ids)
