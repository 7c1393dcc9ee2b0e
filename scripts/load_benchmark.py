"""Load benchmark: a real multi-worker Odoo driven by concurrent users over JSON-RPC.

Run through scripts/load_benchmark.sh. It copies a database with the demo data, creates
the load's users and runs (scripts/load_setup.py), starts ``odoo --workers=2
--max-cron-threads=1`` on 127.0.0.1 (``--workers`` to try another count), and for each
user count N runs N users at once, each a bounded loop the way the web client works: read
its open step, then mark the step's activity done (chatter) or press the step's button
(Yes on a decision); every fourth completion, the two users of a pair (a staff member and
a Sekretaris above them) press at the same instant on the same step. Beside them, a
Kasubag starts batches of 10 runs and a staff member imports a filled worksheet. Prints
one figure a line, then checks that no step was lost, doubled or left without its
activity.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
RACE_EVERY = 4
BATCH = 10
RETRY_LINE = re.compile(
    r"(LOCK_NOT_AVAILABLE|SERIALIZATION_FAILURE|DEADLOCK_DETECTED), \d+ tries left"
)


class RpcError(Exception):
    def __init__(self, status, error):
        super().__init__(error)
        self.status = status
        self.message = ((error or {}).get("data") or {}).get("message") or str(error)


class Client:
    """One web-client session: authenticated once, then call_kw as the web client does."""

    def __init__(self, url, db, login):
        self.url = url
        self.http = requests.Session()
        self.uid = self._post(
            "/web/session/authenticate", {"db": db, "login": login, "password": login}
        )["uid"]

    def _post(self, path, params):
        try:
            response = self.http.post(
                self.url + path,
                json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
                timeout=300,
            )
        except requests.RequestException as error:  # a dropped connection is a failure too
            raise RpcError(0, {"message": f"{type(error).__name__}: {error}"}) from error
        if response.status_code >= 500:
            raise RpcError(response.status_code, {"message": response.text[:200]})
        body = response.json()
        if "error" in body:
            raise RpcError(response.status_code, body["error"])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", {"lang": "en_US", "tz": "Asia/Makassar"})
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class Stats:
    """What the clients of one level saw; shared by its threads."""

    def __init__(self):
        self.lock = threading.Lock()
        # "complete": a user's own step; "race": either press on a contested step (the
        # loser's includes Odoo's retry back-off), kept apart so that the knee is capacity
        self.latency = {"complete": [], "race": [], "start_batch": [], "import": []}
        self.completions = self.races = self.races_lost = 0
        self.errors_5xx = 0
        self.failures = []

    def timed(self, kind, func):
        start = time.perf_counter()
        try:
            return func()
        except RpcError as error:
            with self.lock:
                if error.status >= 500:
                    self.errors_5xx += 1
            raise
        finally:
            with self.lock:
                self.latency[kind].append((time.perf_counter() - start) * 1000)

    def fail(self, what, error):
        with self.lock:
            self.failures.append(f"{what}: {getattr(error, 'message', error)}")


def open_step(client, runs, mine=True):
    domain = [("instance_id", "in", runs), ("state", "=", "open")]
    if mine:
        domain.append(("user_id", "=", client.uid))
    found = client.call(
        "sop.workitem",
        "search_read",
        domain,
        fields=["symbol", "activity_ids"],
        limit=1,
        order="id",
    )
    return found[0] if found else None


def complete(client, item, by_activity):
    """Complete ``item`` as the web client does: Yes on a decision, else chatter or button."""
    if item["symbol"] == "decision":
        return client.call("sop.workitem", "action_yes", [item["id"]])
    if by_activity:
        return client.call(
            "mail.activity", "action_feedback", item["activity_ids"], feedback="Selesai"
        )
    return client.call("sop.workitem", "action_done", [item["id"]])


class Pair:
    """Two users who press on the same step at the same instant."""

    def __init__(self):
        self.barrier = threading.Barrier(2, timeout=300)
        self.item = None


def completer(client, user, loops, stats, pair, first, after=None):
    """``loops`` completions of ``user``; ``after(client, item)`` runs after each of its own."""
    for i in range(loops):
        if pair and i % RACE_EVERY == RACE_EVERY - 1:
            race(client, user, stats, pair, first)
            continue
        item = open_step(client, user["runs"])
        if not item:
            stats.fail(user["login"], "no open step left: give the load more runs")
            return
        try:
            stats.timed("complete", lambda it=item, n=i: complete(client, it, n % 2 == 0))
            with stats.lock:
                stats.completions += 1
            if after:
                after(client, item)
        except RpcError as error:
            stats.fail(f"{user['login']} completing step {item['id']}", error)


def race(client, user, stats, pair, first):
    if first:
        pair.item = open_step(client, user["race_runs"], mine=False)
    pair.barrier.wait()
    item = pair.item
    if item:
        try:
            stats.timed("race", lambda: complete(client, item, first))
            with stats.lock:
                stats.completions += 1
                stats.races += first
        except RpcError as error:
            # the loser finds the step closed, or (through the chatter) its activity gone
            if "already closed" in error.message or "has been deleted" in error.message:
                with stats.lock:
                    stats.races_lost += 1
                    stats.races += first
            else:
                stats.fail(f"{user['login']} racing on step {item['id']}", error)
    pair.barrier.wait()


def kasubag(client, document_id, batches, stats, level):
    for i in range(batches):

        def start(n=i):
            ids = client.call(
                "sop.instance",
                "create",
                [
                    {"name": f"Batch {level}.{n}.{k}", "document_id": document_id}
                    for k in range(BATCH)
                ],
            )
            return client.call("sop.instance", "action_start", ids)

        try:
            stats.timed("start_batch", start)
        except RpcError as error:
            stats.fail("kasubag starting runs", error)


def importer(client, importer_plan, imports, stats):
    for _i in range(imports):

        def run():
            wizard = client.call(
                "lakip.worksheet.import.wizard",
                "create",
                [
                    {
                        "worksheet_id": importer_plan["worksheet_id"],
                        "file": importer_plan["file"],
                        "filename": "kk.xlsx",
                    }
                ],
            )
            return client.call("lakip.worksheet.import.wizard", "action_import", wizard)

        try:
            stats.timed("import", run)
        except RpcError as error:
            stats.fail("staff importing a worksheet", error)


class Sampler(threading.Thread):
    """Samples, while a level runs, what the database's backends wait on, and the CPU."""

    def __init__(self, db):
        super().__init__(daemon=True)
        self.db = db
        self.stop = threading.Event()
        self.waits = {}
        self.samples = 0

    def run(self):
        conn = psycopg2.connect(
            dbname=self.db, host=os.environ["PGHOST"], user=os.environ["PGUSER"]
        )
        conn.autocommit = True
        with conn.cursor() as cr:
            while not self.stop.wait(0.05):
                cr.execute(
                    "SELECT coalesce(wait_event_type, 'CPU'), count(*) FROM pg_stat_activity "
                    "WHERE datname = %s AND state = 'active' AND pid != pg_backend_pid() GROUP BY 1",
                    (self.db,),
                )
                self.samples += 1
                for kind, number in cr.fetchall():
                    self.waits[kind] = self.waits.get(kind, 0) + number
        conn.close()


def cpu_times():
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    values = [int(v) for v in fields]
    return sum(values), values[3] + values[4]  # total, idle + iowait


def process_cpu(pids):
    """CPU seconds (user + system) the processes ``pids`` have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def server_pids(server):
    """The server and its workers (the HTTP, cron and gevent processes)."""
    out = subprocess.run(
        ["ps", "-o", "pid=", "--sid", str(server.pid)], capture_output=True, text=True, check=False
    ).stdout
    return [int(pid) for pid in out.split()]


def db_pids(db):
    """The PostgreSQL backends serving ``db``."""
    conn = psycopg2.connect(dbname=db, host=os.environ["PGHOST"], user=os.environ["PGUSER"])
    with conn, conn.cursor() as cr:
        cr.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (db,))
        pids = [row[0] for row in cr.fetchall()]
    conn.close()
    return pids


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def warm_up(url, db, plan, workers):
    """Let every worker load the registry and serve the users' reads once, unmeasured: the
    first level's p95 is the knee's baseline and must not be a cold worker's."""

    def reads(user):
        client = Client(url, db, user["login"])
        for _i in range(5):
            open_step(client, user["runs"])

    threads = [
        threading.Thread(target=reads, args=(user,)) for user in plan["users"][: 2 * workers]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def level_threads(url, db, plan, users, loops, stats):
    """The threads of one level: ``users`` completers in racing pairs, the Kasubag
    starting runs in batches and the staff member importing workbooks."""
    members = plan["users"][:users]
    clients = [Client(url, db, u["login"]) for u in members]
    boss = Client(url, db, plan["kasubag"]["login"])
    staff = Client(url, db, plan["importer"]["login"])
    pairs = [Pair() for _p in range(users // 2)]
    threads = []
    for i, (client, user) in enumerate(zip(clients, members, strict=True)):
        pair = pairs[i // 2] if i // 2 < len(pairs) else None
        threads.append(
            threading.Thread(target=completer, args=(client, user, loops, stats, pair, i % 2 == 0))
        )
    batches = max(1, loops // 5)
    threads.append(
        threading.Thread(target=kasubag, args=(boss, plan["document_id"], batches, stats, users))
    )
    threads.append(
        threading.Thread(target=importer, args=(staff, plan["importer"], batches, stats))
    )
    return threads


def run_level(url, db, plan, users, loops, log_path, server):
    stats = Stats()
    threads = level_threads(url, db, plan, users, loops, stats)
    log_start = log_path.stat().st_size
    sampler = Sampler(db)
    sampler.start()
    cpu_before = cpu_times()
    odoo_before, pids = process_cpu(server_pids(server)), db_pids(db)
    db_before = process_cpu(pids)
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    cpu_after = cpu_times()
    odoo_cpu = process_cpu(server_pids(server)) - odoo_before
    db_cpu = process_cpu(pids) - db_before
    sampler.stop.set()
    sampler.join()
    with log_path.open(encoding="utf-8", errors="replace") as log:
        log.seek(log_start)
        retries = sum(1 for line in log if RETRY_LINE.search(line))
    total = cpu_after[0] - cpu_before[0]
    busy = 100 * (total - (cpu_after[1] - cpu_before[1])) / total if total else 0
    active = sum(sampler.waits.values()) or 1
    return stats, {
        "completions_per_s": stats.completions / elapsed,
        "complete_p50_ms": percentile(stats.latency["complete"], 0.5),
        "complete_p95_ms": percentile(stats.latency["complete"], 0.95),
        "race_p95_ms": percentile(stats.latency["race"], 0.95),
        "start_10_runs_p50_ms": percentile(stats.latency["start_batch"], 0.5),
        f"import_{plan['importer']['rows']}_rows_p50_ms": percentile(stats.latency["import"], 0.5),
        "races": stats.races,
        "races_lost": stats.races_lost,
        "serialization_retries": retries,
        "errors_5xx": stats.errors_5xx,
        "failed_requests": len(stats.failures),
        "machine_cpu_busy_pct": busy,
        # of one core: 200 is both cores of this machine
        "odoo_cpu_pct": 100 * odoo_cpu / elapsed,
        "postgres_cpu_pct": 100 * db_cpu / elapsed,
        # the server's CPU time over the level (the batches and imports included) per step
        "odoo_cpu_ms_per_completion": 1000 * odoo_cpu / max(1, stats.completions),
        "db_active_backends_avg": sum(sampler.waits.values()) / max(1, sampler.samples),
        "db_lock_wait_pct": 100 * sampler.waits.get("Lock", 0) / active,
        "seconds": elapsed,
    }


def odoo(db, *args, command=(), **popen):
    base = [
        "odoo",
        *command,
        "-d",
        db,
        f"--addons-path={os.environ['ADDONS_PATH']}",
        f"--db_host={os.environ['PGHOST']}",
        f"--db_user={os.environ['PGUSER']}",
    ]
    return subprocess.Popen([*base, *args], **popen)


def odoo_shell(db, script, env):
    pythonpath = os.pathsep.join(
        filter(None, [str(ROOT / "scripts"), os.environ.get("PYTHONPATH")])
    )
    process = odoo(
        db,
        "--no-http",
        "--log-level=warn",
        command=["shell"],
        stdin=open(ROOT / "scripts" / script, "rb"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # the scripts import bench_data.py beside them
        env={**os.environ, "PYTHONPATH": pythonpath, **env},
    )
    output = process.communicate()[0].decode()
    if process.returncode or "Traceback" in output:
        sys.exit(output)
    return output


def psql_exists(db):
    out = subprocess.run(
        ["psql", "-lqtA", "-F|"], capture_output=True, text=True, check=True
    ).stdout
    return any(line.split("|")[0] == db for line in out.splitlines())


def prepare_db(template, db):
    """The template with the demo data (installed on the first run, updated later), copied."""
    mode = "-u" if psql_exists(template) else "-i"
    if odoo(template, mode, "sop_lakip", "--stop-after-init", "--log-level=warn").wait():
        sys.exit(f"could not install or update sop_lakip on {template}")
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    subprocess.run(["createdb", "-T", template, db], check=True)
    filestore = Path.home() / ".local/share/Odoo/filestore"
    shutil.rmtree(filestore / db, ignore_errors=True)
    if (filestore / template).is_dir():
        shutil.copytree(filestore / template, filestore / db)


def server_args(db, port, log_path, workers, interface="127.0.0.1", gevent_port=None):
    """Odoo's production set-up: ``workers`` HTTP workers, 1 cron worker, gevent (on the
    port after ``port`` unless told), serving ``db`` only, logging to ``log_path``."""
    return [
        f"--workers={workers}",
        "--max-cron-threads=1",
        f"--http-interface={interface}",
        f"--http-port={port}",
        f"--gevent-port={gevent_port or port + 1}",
        f"--db-filter=^{db}$",
        "--limit-time-real=600",
        "--limit-time-cpu=300",
        "--log-level=info",
        f"--logfile={log_path}",
    ]


def start_server(db, port, log_path, workers):
    """Odoo's production set-up on loopback."""
    return odoo(
        db,
        *server_args(db, port, log_path, workers),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(server, port, log_path):
    url = f"http://127.0.0.1:{port}"
    for _i in range(120):
        try:
            if requests.get(url + "/web/health", timeout=10).status_code == 200:
                return url
        except requests.RequestException:
            pass
        if server.poll() is not None:
            sys.exit(f"the server stopped, see {log_path}")
        time.sleep(1)
    sys.exit("the server did not answer in 2 minutes")


def emit(name, value):
    print(f"{name} {value:.1f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--users", default="1,2,4,8,16", help="user counts, in order")
    parser.add_argument("--loops", type=int, default=20, help="completions per user and level")
    parser.add_argument("--short", action="store_true", help="1, 2 and 4 users, 8 loops each")
    parser.add_argument("--db", default=os.environ.get("SOP_LOAD_DB", "sop_lakip_load"))
    parser.add_argument("--template", default=os.environ.get("SOP_LOAD_TEMPLATE"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SOP_LOAD_PORT", "8274")))
    parser.add_argument("--workers", type=int, default=2, help="Odoo's HTTP worker processes")
    args = parser.parse_args()
    if args.short:
        args.users, args.loops = "1,2,4", 8
    levels = [int(n) for n in args.users.split(",")]
    template = args.template or f"{args.db}_tpl"
    workdir = Path(tempfile.mkdtemp(prefix="sop_load_"))
    plan_path, log_path = workdir / "plan.json", workdir / "odoo.log"
    prepare_db(template, args.db)
    env = {
        "LOAD_PLAN": str(plan_path),
        "LOAD_USERS": str(max(levels)),
        "LOAD_LEVELS": str(len(levels)),
        "LOAD_LOOPS": str(args.loops),
    }
    odoo_shell(args.db, "load_setup.py", {**env, "LOAD_MODE": "setup"})
    plan = json.loads(plan_path.read_text())
    server = start_server(args.db, args.port, log_path, args.workers)
    completions, p95, failures = 0, {}, []
    try:
        url = wait_for(server, args.port, log_path)
        warm_up(url, args.db, plan, args.workers)
        for users in levels:
            stats, figures = run_level(url, args.db, plan, users, args.loops, log_path, server)
            completions += stats.completions
            failures += stats.failures
            p95[users] = figures["complete_p95_ms"]
            for name, value in figures.items():
                emit(f"load_{users}_users_{name}", value)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(60)
    knee = next((n for n in levels if p95[n] >= 2 * p95[levels[0]]), 0)
    emit("load_knee_users", knee)
    result_path = workdir / "result.json"
    result_path.write_text(json.dumps({"completions": completions}))
    checks = odoo_shell(
        args.db, "load_setup.py", {**env, "LOAD_MODE": "check", "LOAD_RESULT": str(result_path)}
    )
    print("\n".join(line for line in checks.splitlines() if line.startswith("check_")))
    for failure in failures[:20]:
        print(f"FAILED {failure}", file=sys.stderr)
    bad = [
        line
        for line in checks.splitlines()
        if line.startswith("check_") and not line.endswith(" 0")
    ]
    bad = [line for line in bad if not line.startswith("check_steps_completed_by_clients")]
    if failures or bad:
        sys.exit(f"load benchmark found problems (server log: {log_path})")
    shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
