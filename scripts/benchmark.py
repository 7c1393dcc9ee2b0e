"""Benchmark figures, one per line; run through scripts/benchmark.sh (inside ``odoo shell``).

Everything happens in one transaction that is rolled back at the end.
"""

import time

SAMPLES = 10


def measure(env, func):
    """Return (queries, milliseconds) of ``func`` as one request would pay them."""
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    func()
    env.flush_all()
    return env.cr.sql_log_count - queries, (time.perf_counter() - start) * 1000


def mean_of(env, funcs):
    figures = [measure(env, func) for func in funcs]
    return (
        sum(q for q, _ms in figures) / len(figures),
        sum(ms for _q, ms in figures) / len(figures),
    )


def emit(name, value):
    print(f"{name} {value:.1f}", flush=True)


def main(env):
    sop = env.ref("sop_lakip.sop_demo_boalemo_sop_lakip")
    kasubag = env.ref("sop_lakip.sop_demo_boalemo_user_kasubag")
    Instance = env["sop.instance"].with_user(kasubag)

    def new_runs(count):
        return Instance.create(
            [
                {"name": f"Bench {i}", "document_id": sop.id, "company_id": sop.company_id.id}
                for i in range(count)
            ]
        )

    new_runs(1).action_start()  # warm the caches
    existing = 1
    for target in (1, 100, 1000):
        if target > existing:
            new_runs(target - existing).action_start()
            existing = target
        runs = new_runs(SAMPLES)
        runs.action_start()
        items = [run.workitem_ids for run in runs]
        queries, ms = mean_of(
            env, [lambda item=item: item.with_user(item.user_id).action_done() for item in items]
        )
        emit(f"advance_step_queries_with_{target}_runs", queries)
        emit(f"advance_step_ms_with_{target}_runs", ms)

    partners = env["res.partner"].create(
        [{"name": f"Benchmark partner {i}"} for i in range(SAMPLES + 1)]
    )
    user = sop.company_id.sop_head_id.user_id
    activities = env["mail.activity"].create(
        [
            {
                "res_model_id": env["ir.model"]._get_id("res.partner"),
                "res_id": partner.id,
                "user_id": user.id,
                "activity_type_id": env.ref("mail.mail_activity_data_todo").id,
                "summary": f"Plain activity {i}",
            }
            for i, partner in enumerate(partners)
        ]
    )
    activities[0].with_user(user).action_feedback("warm")
    queries, ms = mean_of(
        env,
        [
            lambda a=activity: a.with_user(user).action_feedback("done")
            for activity in activities[1:]
        ],
    )
    emit("odoo_action_feedback_queries", queries)
    emit("odoo_action_feedback_ms", ms)

    batch = new_runs(50)
    queries, ms = measure(env, batch.action_start)
    emit("start_50_runs_in_one_call_queries", queries)
    emit("start_50_runs_in_one_call_ms", ms)
    singles = new_runs(50)
    queries, ms = measure(env, lambda: [run.action_start() for run in singles])
    emit("start_50_runs_one_by_one_queries", queries)
    emit("start_50_runs_one_by_one_ms", ms)


try:
    main(env)  # noqa: F821 - provided by odoo shell
finally:
    env.cr.rollback()  # noqa: F821
