"""A province's data on top of the demo data, for the benchmarks at scale; run inside
``odoo shell`` by ``scripts/benchmark.sh --province DB`` (or alone:
``odoo shell -d DB < scripts/province_data.py``), committed pemda by pemda.

The scale is read from the environment (defaults: the issue's province):

- SOP_PROVINCE_PEMDA (35) pemda of SOP_PROVINCE_AGENCIES (40) agencies each;
- SOP_PROVINCE_SOPS (40,000) SOPs over all the agencies, each a copy of the demo *Penyusunan
  LAKIP* of Boalemo (11 steps, one decision, its 4 columns and 15 list lines);
- SOP_PROVINCE_ITEMS (1,000,000) work items: runs of the approved SOPs started over the two
  years before today, most done (11 steps), some running with their open step (and its
  activity), overdue when its deadline has passed;
- SOP_PROVINCE_INDICATORS (10) LAKIP indicators per agency, with their targets for this year
  and last year.

Two ways in, on purpose. What has ORM invariants that SQL would have to copy by hand - the
agencies (their partner, calendar, branches), units, users (groups, partner, company ids),
employees and SOP roles, a few thousand records - is created through the ORM in batches of one
pemda. The SOPs with their steps, columns and lines, the runs, holders, work items, activities,
indicators and targets - over two million rows - are copied in SQL (INSERT ... SELECT over the
demo SOP and generate_series), a few statements per pemda: the ORM creates some hundreds of
rows a second here, which would take hours, and what it would check (agency consistency,
states, deadlines) is written by the statements themselves, from the demo SOP's own rows.
"""

import os
import time

from odoo import Command

from odoo.addons.sop_lakip.compat import GROUPS_FIELD

SCALE = {
    "pemda": int(os.environ.get("SOP_PROVINCE_PEMDA", "35")),
    "agencies": int(os.environ.get("SOP_PROVINCE_AGENCIES", "40")),
    "sops": int(os.environ.get("SOP_PROVINCE_SOPS", "40000")),
    "items": int(os.environ.get("SOP_PROVINCE_ITEMS", "1000000")),
    "indicators": int(os.environ.get("SOP_PROVINCE_INDICATORS", "10")),
}
PEOPLE = (  # login prefix, SOP role, group, department (None: the head, in no unit)
    ("kadis", "Kepala Dinas", "sop_lakip.group_sop_head", None),
    ("sekretaris", "Sekretaris", "sop_lakip.group_sop_secretary", "sekretariat"),
    ("kasubag", "Kasubag Penyusunan Program", "sop_lakip.group_sop_kasubag", "program"),
    ("staf", "Staf", "sop_lakip.group_sop_staff", "program"),
)
MARK = "Pemerintah Kabupaten Provinsi Uji"  # the generated pemda's names start so


def quiet(env):
    """``env`` without the chatter's logs, tracking and password e-mails of a create."""
    return env(
        context=dict(
            env.context, no_reset_password=True, tracking_disable=True, mail_create_nolog=True
        )
    )


def make_pemda(env, number):
    """A pemda, its coordinator and its agencies with their units, people and SOP roles,
    through the ORM; return one row per agency for the SQL that follows."""
    env = quiet(env)
    Company = env["res.company"]
    pemda = Company.create({"name": f"{MARK} {number:02d}", "currency_id": env.ref("base.IDR").id})
    agencies = Company.create(
        [
            {
                "name": f"Dinas Uji {a:02d} Kabupaten Uji {number:02d}",
                "parent_id": pemda.id,
                "sop_government_name": pemda.name,
                "currency_id": pemda.currency_id.id,
            }
            for a in range(1, SCALE["agencies"] + 1)
        ]
    )
    env["res.users"].create(
        {
            "name": f"Koordinator {number:02d}",
            "login": f"koordinator.uji{number:02d}",
            "company_id": pemda.id,
            "company_ids": [Command.set(pemda.ids)],
            GROUPS_FIELD: [
                Command.set(
                    [env.ref("base.group_user").id, env.ref("sop_lakip.group_sop_coordinator").id]
                )
            ],
        }
    )
    units = make_units(env, agencies)
    people = make_people(env, agencies, units, number)
    roles = make_roles(env, agencies, units, people)
    return [
        (agency.id, units[agency]["sekretariat"].id, people[agency], roles[agency])
        for agency in agencies
    ]


def make_units(env, agencies):
    Department = env["hr.department"]
    top = Department.create([{"name": "Sekretariat", "company_id": a.id} for a in agencies])
    program = Department.create(
        [
            {"name": "Sub Bagian Penyusunan Program", "company_id": a.id, "parent_id": t.id}
            for a, t in zip(agencies, top, strict=True)
        ]
    )
    return {
        a: {"sekretariat": t, "program": p} for a, t, p in zip(agencies, top, program, strict=True)
    }


def make_people(env, agencies, units, number):
    """{agency: {login prefix: (user id, employee id)}}; each unit managed by its head, the
    head of the agency over the Sekretaris, the Sekretaris over the Kasubag."""
    base = env.ref("base.group_user").id
    specs = [(a, i, spec) for i, a in enumerate(agencies, start=1) for spec in PEOPLE]
    users = env["res.users"].create(
        [
            {
                "name": f"{prefix.upper()} UJI {number:02d}.{i:02d}",
                "login": f"{prefix}.uji{number:02d}.{i:02d}",
                "company_id": a.id,
                "company_ids": [Command.set(a.ids)],
                "tz": "Asia/Makassar",
                GROUPS_FIELD: [Command.set([base, env.ref(group).id])],
            }
            for a, i, (prefix, _role, group, _unit) in specs
        ]
    )
    employees = env["hr.employee"].create(
        [
            {
                "name": user.name,
                "company_id": a.id,
                "user_id": user.id,
                "department_id": unit and units[a][unit].id,
            }
            for (a, _i, (_p, _r, _g, unit)), user in zip(specs, users, strict=True)
        ]
    )
    people = {}
    for (a, _i, (prefix, *_rest)), user, employee in zip(specs, users, employees, strict=True):
        people.setdefault(a, {})[prefix] = (user.id, employee.id)
    for a in agencies:
        p = people[a]
        employee = env["hr.employee"].browse
        units[a]["sekretariat"].manager_id = p["sekretaris"][1]
        units[a]["program"].manager_id = p["kasubag"][1]
        employee(p["sekretaris"][1]).parent_id = p["kadis"][1]
        employee(p["kasubag"][1]).parent_id = p["sekretaris"][1]
        employee(p["staf"][1]).parent_id = p["kasubag"][1]
        a.sop_head_id = p["kadis"][1]
    return people


def make_roles(env, agencies, units, people):
    """{agency: {role name: (role id, user id, employee id)}}, as the demo's roles resolve."""
    kinds = {
        "kadis": {"holder_type": "head"},
        "sekretaris": {"holder_type": "manager", "unit": "sekretariat"},
        "kasubag": {"holder_type": "manager", "unit": "program"},
        "staf": {"holder_type": "employee"},
    }
    vals, keys = [], []
    for a in agencies:
        for prefix, role, _group, _unit in PEOPLE:
            kind = kinds[prefix]
            vals.append(
                {
                    "name": role,
                    "company_id": a.id,
                    "holder_type": kind["holder_type"],
                    "department_id": "unit" in kind and units[a][kind["unit"]].id,
                    "employee_id": prefix == "staf" and people[a][prefix][1],
                }
            )
            keys.append((a, role, people[a][prefix]))
    roles = env["sop.role"].create(vals)
    result = {}
    for (a, name, (user, employee)), role in zip(keys, roles, strict=True):
        result.setdefault(a, {})[name] = (role.id, user, employee)
    return result


# ----------------------------------------------------------------------
# SQL: the SOPs, runs, work items and LAKIP targets of one pemda's agencies
# ----------------------------------------------------------------------
SUBJECTS = (
    "Penyusunan LAKIP",
    "Pengelolaan Arsip Dinamis",
    "Pelayanan Pengaduan Masyarakat",
    "Penyusunan Rencana Kerja",
    "Pengadaan Barang dan Jasa",
    "Penatausahaan Keuangan",
    "Pembinaan Kepegawaian",
    "Penyaluran Bantuan Sosial",
)


def fill_tables(env, rows, first_index):
    """The temporary tables the statements read: this pemda's agencies (with their share of
    the SOPs and runs) and their roles."""
    cr = env.cr
    cr.execute(
        """CREATE TEMP TABLE IF NOT EXISTS province_agency (company_id int, unit_id int,
               author_id int, n_sops int);
           CREATE TEMP TABLE IF NOT EXISTS province_role (company_id int, name varchar,
               role_id int, user_id int, employee_id int);
           TRUNCATE province_agency, province_role"""
    )
    total = SCALE["pemda"] * SCALE["agencies"]
    for offset, (company, unit, _people, roles) in enumerate(rows):
        index = first_index + offset
        n_sops = SCALE["sops"] // total + (index < SCALE["sops"] % total)
        author = roles["Kasubag Penyusunan Program"][2]
        cr.execute(
            "INSERT INTO province_agency VALUES (%s, %s, %s, %s)", (company, unit, author, n_sops)
        )
        for name, (role, user, employee) in roles.items():
            cr.execute(
                "INSERT INTO province_role VALUES (%s, %s, %s, %s, %s)",
                (company, name, role, user, employee),
            )


def copy_sops(env, template):
    """The SOPs of the agencies: copies of ``template`` with their columns, lines and steps;
    a twentieth each draft, submitted and verified, the others approved."""
    cr = env.cr
    cr.execute(
        """INSERT INTO sop_document (company_id, department_id, author_id, revision, name,
               number, state, access_token, date_created, date_revision, date_effective,
               date_approved, date_review, date_submitted, date_verified, create_uid,
               write_uid, create_date, write_date)
           SELECT a.company_id, a.unit_id, a.author_id, 0,
                  (%(subjects)s)[1 + k %% %(n)s] || ' ' || k, 'UJI/' || k || '/2025',
                  CASE k %% 20 WHEN 1 THEN 'draft' WHEN 2 THEN 'submitted'
                       WHEN 3 THEN 'verified' ELSE 'approved' END,
                  md5(a.company_id || '-' || k || random()), current_date - 760,
                  current_date - 760, current_date - 750, current_date - 750,
                  current_date + (k * 53) %% 400 - 30,
                  CASE WHEN k %% 20 IN (2, 3) THEN now() - make_interval(days => k %% 30) END,
                  CASE WHEN k %% 20 = 3 THEN now() - make_interval(days => k %% 10) END,
                  1, 1, now(), now()
             FROM province_agency a, generate_series(1, a.n_sops) k""",
        {"subjects": list(SUBJECTS), "n": len(SUBJECTS)},
    )
    cr.execute(
        """UPDATE sop_document SET date_effective = NULL, date_approved = NULL,
                  date_review = NULL
            WHERE company_id IN (SELECT company_id FROM province_agency)
              AND state != 'approved'"""
    )
    new = "(SELECT id, company_id FROM sop_document WHERE company_id IN " \
          "(SELECT company_id FROM province_agency))"  # fmt: skip
    cr.execute(
        f"""INSERT INTO sop_document_column (document_id, company_id, sequence, name,
                create_uid, write_uid, create_date, write_date)
            SELECT d.id, d.company_id, c.sequence, c.name, 1, 1, now(), now()
              FROM {new} d, sop_document_column c WHERE c.document_id = %(t)s;
            INSERT INTO sop_document_column_sop_role_rel (sop_document_column_id, sop_role_id)
            SELECT nc.id, pr.role_id
              FROM sop_document_column nc
              JOIN sop_document_column tc ON tc.document_id = %(t)s AND tc.name = nc.name
              JOIN sop_document_column_sop_role_rel tr ON tr.sop_document_column_id = tc.id
              JOIN sop_role r ON r.id = tr.sop_role_id
              JOIN province_role pr ON pr.company_id = nc.company_id AND pr.name = r.name;
            INSERT INTO sop_document_line (document_id, company_id, sequence, section,
                relation_type, name, create_uid, write_uid, create_date, write_date)
            SELECT d.id, d.company_id, l.sequence, l.section, l.relation_type, l.name,
                   1, 1, now(), now()
              FROM {new} d, sop_document_line l WHERE l.document_id = %(t)s""",
        {"t": template.id},
    )
    copy_steps(env, template, new)


def copy_steps(env, template, new):
    """The template's steps, each with the agency's role of the same name; the decision's
    branches point to the copy's own steps (the letter kind is the demo agency's: left out)."""
    env.cr.execute(
        f"""INSERT INTO sop_step (document_id, company_id, sequence, number, role_id, symbol,
                duration_unit, lakip_worksheet_action, name, requirement, output, note,
                duration, per_unit, create_uid, write_uid, create_date, write_date)
            SELECT d.id, d.company_id, s.sequence, s.number, pr.role_id, s.symbol,
                   s.duration_unit, s.lakip_worksheet_action, s.name, s.requirement,
                   s.output, s.note, s.duration, s.per_unit, 1, 1, now(), now()
              FROM {new} d
              JOIN sop_step s ON s.document_id = %(t)s
              JOIN sop_role r ON r.id = s.role_id
              JOIN province_role pr ON pr.company_id = d.company_id AND pr.name = r.name;
            UPDATE sop_step n SET yes_step_id = ny.id, no_step_id = nn.id
              FROM sop_step t
              JOIN sop_step ty ON ty.id = t.yes_step_id
              JOIN sop_step tn ON tn.id = t.no_step_id, sop_step ny, sop_step nn
             WHERE t.document_id = %(t)s AND n.number = t.number
               AND n.company_id IN (SELECT company_id FROM province_agency)
               AND ny.document_id = n.document_id AND ny.number = ty.number
               AND nn.document_id = n.document_id AND nn.number = tn.number""",
        {"t": template.id},
    )


def make_runs(env, count):
    """``count`` runs of the agencies' approved SOPs started over the last two years, their
    holders frozen: most done, one in 4 of those started in the last month and one in 400 of
    the older ones still running (their open step, the id's step number, is made next)."""
    cr = env.cr
    cr.execute(
        """WITH docs AS (SELECT array_agg(id ORDER BY id) AS ids FROM sop_document
                          WHERE company_id IN (SELECT company_id FROM province_agency)
                            AND state = 'approved'),
                spread AS (SELECT j, now() - make_interval(mins => (j * 7919) %% 1051200) AS t
                             FROM generate_series(1, %(count)s) j)
           INSERT INTO sop_instance (document_id, company_id, name, state, year, user_id,
               date_start, date_done, create_uid, write_uid, create_date, write_date)
           SELECT d.id, d.company_id, 'Pelaksanaan ' || d.name, r.state,
                  EXTRACT(YEAR FROM r.t), 1, r.t,
                  CASE WHEN r.state = 'done' THEN r.t + interval '88 hours' END, 1, 1, r.t, r.t
             FROM (SELECT j, CASE WHEN (t > now() - interval '30 days' AND j %% 4 = 0)
                                    OR j %% 400 = 0 THEN 'running' ELSE 'done' END AS state,
                          CASE WHEN t > now() - interval '30 days' AND j %% 4 = 0
                               THEN now() - make_interval(days => 4 + j %% 26)
                               WHEN t > now() - interval '4 days' THEN t - interval '4 days'
                               ELSE t END AS t
                     FROM spread) r CROSS JOIN docs
             JOIN sop_document d ON d.id = docs.ids[1 + r.j %% array_length(docs.ids, 1)]""",
        {"count": count},
    )
    cr.execute(
        """INSERT INTO sop_instance_holder (instance_id, company_id, role_id, employee_id,
               create_uid, write_uid, create_date, write_date)
           SELECT i.id, i.company_id, pr.role_id, pr.employee_id, 1, 1, i.date_start,
                  i.date_start
             FROM sop_instance i JOIN province_role pr ON pr.company_id = i.company_id
            WHERE i.company_id IN (SELECT company_id FROM province_agency)"""
    )


STEPS = 11  # of the demo SOP copied: a running run's open step is 1 + its id modulo 11
HOURS = "(s.duration * CASE s.duration_unit WHEN 'minute' THEN 1 / 60.0 WHEN 'hour' THEN 1 " \
        "WHEN 'day' THEN 8 ELSE 40 END)"  # fmt: skip


def make_items(env):
    """The runs' work items, one per step of the run's SOP in order, 8 hours apart: all
    done for a done run; up to the id's step number for a running run, whose last item is
    open with its activity (overdue once its Mutu Baku time has passed). The decision is
    answered yes; an item takes 0.4 to 1.6 of its Mutu Baku time; the deadline is the start
    plus the Mutu Baku time in clock hours (the engine counts working hours of the agency's
    calendar: a little later)."""
    cr = env.cr
    cr.execute(
        f"""INSERT INTO sop_workitem (instance_id, company_id, document_id, step_id, user_id,
               done_by_id, state, outcome, within_standard, date_start, date_deadline,
               date_done, duration_standard, duration_actual, duration_ratio, create_uid,
               write_uid, create_date, write_date)
           SELECT i.id, i.company_id, i.document_id, s.id, pr.user_id,
                  CASE WHEN x.open THEN NULL ELSE pr.user_id END,
                  CASE WHEN x.open THEN 'open' ELSE 'done' END,
                  CASE WHEN x.open THEN NULL WHEN s.symbol = 'decision' THEN 'yes'
                       ELSE 'done' END,
                  NOT x.open AND x.factor <= 1, x.start,
                  x.start + make_interval(secs => {HOURS} * 3600),
                  CASE WHEN NOT x.open
                       THEN x.start + make_interval(secs => {HOURS} * 3600 * x.factor) END,
                  {HOURS}, CASE WHEN NOT x.open THEN {HOURS} * x.factor END,
                  CASE WHEN x.open THEN 0 ELSE x.factor END, 1, 1, x.start, x.start
             FROM sop_instance i
             JOIN sop_step s ON s.document_id = i.document_id
             JOIN province_role pr ON pr.role_id = s.role_id
            CROSS JOIN LATERAL (
                SELECT i.state = 'running' AND s.number = 1 + i.id %% %(steps)s AS open,
                       i.date_start + make_interval(hours => 8 * (s.number - 1)) AS start,
                       0.4 + ((i.id * 31 + s.number * 17) %% 13) / 10.0 AS factor) x
            WHERE i.company_id IN (SELECT company_id FROM province_agency)
              AND (i.state = 'done' OR s.number <= 1 + i.id %% %(steps)s)""",
        {"steps": STEPS},
    )
    cr.execute(
        """INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
               activity_type_id, user_id, summary, date_deadline, automated, active,
               sop_workitem_id, user_tz, create_uid, write_uid, create_date, write_date)
           SELECT %(model)s, 'sop.instance', i.id, i.name, %(type)s, w.user_id,
                  s.number || '. ' || left(s.name, 80), w.date_deadline::date, true, true,
                  w.id, 'Asia/Makassar', 1, 1, w.date_start, w.date_start
             FROM sop_workitem w
             JOIN sop_instance i ON i.id = w.instance_id
             JOIN sop_step s ON s.id = w.step_id
            WHERE w.company_id IN (SELECT company_id FROM province_agency)
              AND w.state = 'open'""",
        {
            "model": env["ir.model"]._get_id("sop.instance"),
            "type": env.ref("sop_lakip.mail_activity_type_sop_step").id,
        },
    )


def make_targets(env, year):
    """SOP_PROVINCE_INDICATORS indicators per agency, copied in turn from the demo agency's,
    in its Sekretariat, with a target for ``year`` and the year before (no realisation)."""
    cr = env.cr
    cr.execute(
        """WITH demo AS (SELECT array_agg(id ORDER BY id) AS ids FROM lakip_indicator
                          WHERE company_id = %(demo)s)
           INSERT INTO lakip_indicator (sequence, company_id, department_id, renstra_year,
               code, name, uom, polarity, capaian_method, aggregation, active,
               renstra_target, create_uid, write_uid, create_date, write_date)
           SELECT k, a.company_id, a.unit_id, %(year)s, 'IK' || k, t.name, t.uom, t.polarity,
                  t.capaian_method, t.aggregation, true, t.renstra_target, 1, 1, now(), now()
             FROM province_agency a CROSS JOIN demo CROSS JOIN generate_series(1, %(n)s) k
             JOIN lakip_indicator t ON t.id = demo.ids[1 + k %% array_length(demo.ids, 1)];
           INSERT INTO lakip_target (indicator_id, indicator_sequence, year, company_id,
               department_id, status, target, has_realisation, has_capaian, create_uid,
               write_uid, create_date, write_date)
           SELECT ind.id, ind.sequence, y, ind.company_id, ind.department_id, 'no_data',
                  50 + ind.id %% 50, false, false, 1, 1, now(), now()
             FROM lakip_indicator ind, generate_series(%(year)s - 1, %(year)s) y
            WHERE ind.company_id IN (SELECT company_id FROM province_agency)""",
        {
            "demo": env.ref("sop_lakip.sop_demo_company_boalemo").id,
            "year": year,
            "n": SCALE["indicators"],
        },
    )


def generate(env):
    """Add the pemda not made yet; print the time each part took."""
    template = env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
    done = env["res.company"].search_count([("name", "=like", f"{MARK} %")])
    total = SCALE["pemda"] * SCALE["agencies"]
    items_per_run = 10.6  # a running run has 1 to 11 items, a done one 11
    for number in range(done + 1, SCALE["pemda"] + 1):
        clock = time.perf_counter()
        rows = make_pemda(env, number)
        env.flush_all()
        orm = time.perf_counter() - clock
        fill_tables(env, rows, (number - 1) * SCALE["agencies"])
        copy_sops(env, template)
        runs = round(SCALE["items"] * len(rows) / total / items_per_run)
        make_runs(env, runs)
        make_items(env)
        make_targets(env, env.cr.now().year)
        env.cr.commit()
        env.invalidate_all()
        print(
            f"pemda {number}/{SCALE['pemda']}: orm {orm:.1f} s, "
            f"sql {time.perf_counter() - clock - orm:.1f} s",
            flush=True,
        )
    env.cr.commit()
    # What autovacuum does after a bulk load in production (it can be off on a test server,
    # as on the development machine): the statistics, and the visibility map that lets the
    # index-only scans of the pemda dashboard skip the tables. VACUUM runs outside a
    # transaction, as Odoo's own database service runs its statements of that kind.
    with env.registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM (ANALYZE)")


generate(env)  # noqa: F821 - provided by odoo shell
