"""Multi-host benchmark: Odoo's own multi-host set-up, built on this one machine.

Run through scripts/cluster_benchmark.sh (as root: it makes network namespaces and starts
PostgreSQL as the ``postgres`` user). It builds, in a temporary folder:

- a PostgreSQL primary (its own cluster, port 5440) with a streaming replica made by
  ``pg_basebackup`` (port 5441); the primary waits for the replica to *apply* each commit
  (``synchronous_commit = remote_apply``) unless ``--async-replica`` is given;
- one or two Odoo hosts, each in its own network namespace (its own loopback and address,
  reaching PostgreSQL over a virtual link as it would over a LAN), each ``--workers=N`` with
  one cron thread, sharing one data dir (filestore and sessions), with
  ``db_replica_host`` pointing at the replica: the read-only requests (``search_read``,
  ``read``, the PDF report route) are served by the replica;
- HAProxy in front, round robin, as the users' single address.

The load is the load benchmark's (scripts/load_benchmark.py): users completing their steps,
pairs pressing on the same step at the same instant, a Kasubag starting batches of runs, a
staff member importing a filled worksheet; beside them a reader printing SOP forms (served
by the replica) and the overdue-reminder cron triggered every few seconds on the hosts.
After each completion the user reads the step back at once (a read-only request, served by
the replica): a step still open is a read older than the user's own write.

Prints one figure a line, then the checks, and exits non-zero when one fails: no step lost
or done twice, no letter serial given twice, no cron run overlapping another (on any host),
no read older than the user's own write (with ``--async-replica`` the stale reads are
printed, not checked: asynchronous replication does not promise read-after-write).
"""

import argparse
import itertools
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
from datetime import datetime
from pathlib import Path

import load_benchmark as lb
import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
PRIMARY, REPLICA, PROXY = 5440, 5441, 8300
# where PostgreSQL's client tools reach our primary
TO_PRIMARY = ("-h", "127.0.0.1", "-p", str(PRIMARY), "-U", "root")
NET = "10.77.{host}.{end}"  # host n: the machine is .1, the Odoo host .2 of 10.77.n.0/24
ODOO_PORT = 8069
PRINT_EVERY = 2  # seconds between two prints of the reader
CRON = "sop_lakip.ir_cron_sop_remind_overdue"
CRON_LINE = re.compile(
    r"^(\S+ \S+) .*Job '(?P<name>[^']*)' \((?P<id>\d+)\) (?P<what>starting|done in)"
)


def sh(*cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def as_postgres(*cmd, **kwargs):
    return sh("runuser", "-u", "postgres", "--", *cmd, **kwargs)


def pg_bin():
    versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: float(p.name))
    return versions[-1] / "bin"


class Postgres:
    """A PostgreSQL cluster of our own in ``folder`` on ``port``, owned by ``postgres``."""

    def __init__(self, folder, port):
        self.folder, self.port = Path(folder), port

    def start(self):
        as_postgres(
            str(pg_bin() / "pg_ctl"),
            "-D",
            str(self.folder),
            "-l",
            str(self.folder / "log"),
            "-w",
            "-t",
            "120",
            "start",
        )

    def stop(self):
        if (self.folder / "postmaster.pid").exists():
            as_postgres(str(pg_bin() / "pg_ctl"), "-D", str(self.folder), "-m", "fast", "stop")

    def connect(self, db="postgres"):
        conn = psycopg2.connect(dbname=db, host="127.0.0.1", port=self.port, user="root")
        conn.autocommit = True
        return conn

    def scalar(self, query, db="postgres"):
        conn = self.connect(db)
        with conn.cursor() as cr:
            cr.execute(query)
            value = cr.fetchone()[0]
        conn.close()
        return value


def postgres_folder(path):
    path.mkdir(mode=0o700)
    shutil.chown(path, "postgres", "postgres")
    return path


def make_primary(workdir, hosts):
    primary = Postgres(postgres_folder(workdir / "primary"), PRIMARY)
    as_postgres(
        str(pg_bin() / "initdb"),
        "-D",
        str(primary.folder),
        "-U",
        "root",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        stdout=subprocess.DEVNULL,
    )
    listen = ",".join(["127.0.0.1", *(NET.format(host=n, end=1) for n in range(1, hosts + 1))])
    settings = {
        "port": PRIMARY,
        "listen_addresses": f"'{listen}'",
        # not in the data folder, which pg_basebackup copies
        "unix_socket_directories": f"'{postgres_folder(workdir / 'run')}'",
        "max_connections": 300,
        "shared_buffers": "'256MB'",
        "wal_level": "replica",
        "max_wal_senders": 4,
        "hot_standby": "on",
        "fsync": "on",
    }
    with (primary.folder / "postgresql.conf").open("a") as conf:
        conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
    with (primary.folder / "pg_hba.conf").open("a") as hba:
        hba.write("host all all 0.0.0.0/0 trust\nhost replication all 0.0.0.0/0 trust\n")
    primary.start()
    return primary


def make_replica(workdir, primary, synchronous, delay_ms=0):
    replica = Postgres(postgres_folder(workdir / "replica"), REPLICA)
    as_postgres(
        str(pg_bin() / "pg_basebackup"),
        *TO_PRIMARY,
        "-D",
        str(replica.folder),
        "-R",
        "-X",
        "stream",
        "--checkpoint=fast",
    )
    with (replica.folder / "postgresql.conf").open("a") as conf:
        # hot_standby_feedback: the primary keeps the row versions a read on the replica
        # still sees. Without it, vacuum on the primary makes the replica cancel a long read
        # (a print) after max_standby_streaming_delay, and with remote_apply every commit
        # on the primary waits for that replay meanwhile (seen here: 30 s stalls, prints lost)
        conf.write(f"port = {REPLICA}\nhot_standby_feedback = on\n")
        # a replica that applies late, as one across a slow link would (--replica-delay)
        conf.write(f"recovery_min_apply_delay = '{delay_ms}ms'\n")
    replica.start()
    for _i in range(60):
        if primary.scalar("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"):
            break
        time.sleep(1)
    else:
        sys.exit("the replica did not start streaming in a minute")
    if synchronous:
        # from now on a commit returns once the replica has applied it: a read served by the
        # replica right after the user's write sees that write (set only now: with no
        # replica streaming yet, every commit would wait)
        conn = primary.connect()
        with conn.cursor() as cr:
            cr.execute("ALTER SYSTEM SET synchronous_standby_names = '*'")
            cr.execute("ALTER SYSTEM SET synchronous_commit = 'remote_apply'")
            cr.execute("SELECT pg_reload_conf()")
        conn.close()
    return replica


def copy_database(db, primary, data_dir):
    """The prepared database of the machine's cluster, restored on our primary."""
    sh("createdb", *TO_PRIMARY, db)
    dump = subprocess.Popen(["pg_dump", "-Fc", db], stdout=subprocess.PIPE)
    sh("pg_restore", *TO_PRIMARY, "-d", db, "--no-owner", stdin=dump.stdout)
    if dump.wait():
        sys.exit("pg_dump failed")
    source = Path.home() / ".local/share/Odoo/filestore" / db
    if source.is_dir():
        shutil.copytree(source, data_dir / "filestore" / db)


def namespaces(hosts):
    for n in range(1, hosts + 1):
        ns, outside, inside = f"sop_h{n}", f"sop_h{n}a", f"sop_h{n}b"
        sh("ip", "netns", "add", ns)
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
        sh("ip", "link", "set", inside, "netns", ns)
        sh("ip", "addr", "add", f"{NET.format(host=n, end=1)}/24", "dev", outside)
        sh("ip", "link", "set", outside, "up")
        sh(
            "ip",
            "netns",
            "exec",
            ns,
            "ip",
            "addr",
            "add",
            f"{NET.format(host=n, end=2)}/24",
            "dev",
            inside,
        )
        sh("ip", "netns", "exec", ns, "ip", "link", "set", inside, "up")
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")


def drop_namespaces(hosts):
    for n in range(1, hosts + 1):
        subprocess.run(["ip", "netns", "del", f"sop_h{n}"], check=False, stderr=subprocess.DEVNULL)
        subprocess.run(["ip", "link", "del", f"sop_h{n}a"], check=False, stderr=subprocess.DEVNULL)


def start_host(n, db, data_dir, workers, log_path):
    """Odoo host ``n`` in its namespace: its primary and its replica over the virtual link."""
    machine = NET.format(host=n, end=1)
    return subprocess.Popen(
        [
            "ip",
            "netns",
            "exec",
            f"sop_h{n}",
            "odoo",
            "-d",
            db,
            f"--addons-path={os.environ['ADDONS_PATH']}",
            f"--data-dir={data_dir}",
            f"--db_host={machine}",
            f"--db_port={PRIMARY}",
            "--db_user=root",
            f"--db_replica_host={machine}",
            f"--db_replica_port={REPLICA}",
            "--proxy-mode",
            *lb.server_args(
                db,
                ODOO_PORT,
                log_path,
                workers,
                # all of the namespace's addresses: its own wkhtmltopdf fetches the report's
                # assets from report.url, http://127.0.0.1:8069, which is then this host
                interface="0.0.0.0",
                gevent_port=ODOO_PORT + 3,
            ),
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_proxy(workdir, hosts, workers):
    """HAProxy on 127.0.0.1:PROXY, round robin over the hosts. Each host is given at most
    two connections per worker: the rest wait in HAProxy's queue. Odoo's prefork server
    listens with a backlog of 8 per worker; 32 users sent straight at 2 workers overflow it
    and the kernel drops connections (seen here)."""
    config = workdir / "haproxy.cfg"
    servers = "".join(
        f"    server h{n} {NET.format(host=n, end=2)}:{ODOO_PORT} check inter 2s rise 1 fall 5 maxconn {2 * workers}\n"
        for n in range(1, hosts + 1)
    )
    config.write_text(
        "global\n    maxconn 2000\n"
        "defaults\n    mode http\n    timeout connect 5s\n    timeout client 600s\n"
        "    timeout server 600s\n    timeout queue 600s\n    option forwardfor\n"
        f"frontend users\n    bind 127.0.0.1:{PROXY}\n    default_backend odoo\n"
        "backend odoo\n    balance roundrobin\n    http-request set-header X-Forwarded-Proto http\n"
        f"    http-request set-header X-Forwarded-Host %[req.hdr(host)]\n{servers}"
    )
    return subprocess.Popen(
        ["haproxy", "-db", "-f", str(config)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_ready(urls, processes):
    """Until each of ``urls`` (every host, then the proxy) answers Odoo's health check."""
    for url in urls:
        for _i in range(240):
            try:
                if requests.get(url + "/web/health", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if any(p.poll() is not None for p in processes):
                sys.exit("an Odoo host or the proxy stopped")
            time.sleep(1)
        else:
            sys.exit(f"{url} did not answer in 4 minutes")


def read_back(stats):
    """After a completion, the user reads the step back (a read-only request: the replica)."""

    def after(client, item):
        found = client.call("sop.workitem", "search_read", [("id", "=", item["id"])], ["state"])
        with stats.lock:
            stats.read_backs += 1
            stats.stale_reads += bool(found and found[0]["state"] == "open")

    return after


def printer(url, db, login, document_id, stop, stats):
    """Prints the SOP form every few seconds (the report route is read-only: the replica)."""
    client = lb.Client(url, db, login)
    while not stop.wait(PRINT_EVERY):
        try:
            stats.timed(
                "print",
                lambda: client.http.get(
                    f"{url}/report/pdf/sop_lakip.report_sop/{document_id}", timeout=300
                ).raise_for_status(),
            )
        except requests.RequestException as error:
            stats.fail("printing the SOP form", error)


def cron_trigger(primary, db, cron_id, stop):
    """Triggers the overdue-reminder cron every 3 s, as a busy agency's events would."""
    conn = primary.connect(db)
    with conn.cursor() as cr:
        while not stop.wait(3):
            cr.execute(
                "INSERT INTO ir_cron_trigger (cron_id, call_at) VALUES (%s, now() at time zone "
                "'utc'); NOTIFY cron_trigger, %s",
                (cron_id, db),
            )
    conn.close()


def load_threads(url, db, plan, users, loops, stats):
    """The load benchmark's users, Kasubag and importer for one level, each reading back."""
    after = read_back(stats)
    members = plan["users"][:users]
    pairs = [lb.Pair() for _p in range(users // 2)]
    threads = [
        threading.Thread(
            target=lb.completer,
            args=(
                lb.Client(url, db, user["login"]),
                user,
                loops,
                stats,
                pairs[i // 2] if i // 2 < len(pairs) else None,
            ),
            kwargs={"first": i % 2 == 0, "after": after},
        )
        for i, user in enumerate(members)
    ]
    batches = max(1, loops // 5)
    boss = lb.Client(url, db, plan["kasubag"]["login"])
    staff = lb.Client(url, db, plan["importer"]["login"])
    return [
        *threads,
        threading.Thread(
            target=lb.kasubag, args=(boss, plan["document_id"], batches, stats, users)
        ),
        threading.Thread(target=lb.importer, args=(staff, plan["importer"], batches, stats)),
    ]


def run_level(url, db, plan, users, loops, extra):
    """The load benchmark's level through ``url``, with the read-back, the printer and the
    cron triggers beside it."""
    stats = lb.Stats()
    stats.latency["print"] = []
    stats.read_backs = stats.stale_reads = 0
    threads = load_threads(url, db, plan, users, loops, stats)
    stop = threading.Event()
    side = [
        threading.Thread(
            target=printer,
            args=(url, db, plan["kasubag"]["login"], plan["document_id"], stop, stats),
        ),
        threading.Thread(target=cron_trigger, args=(*extra, stop)),
    ]
    cpu_before = lb.cpu_times()
    start = time.perf_counter()
    for thread in side + threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    stop.set()
    for thread in side:
        thread.join()
    cpu_after = lb.cpu_times()
    total = (cpu_after[0] - cpu_before[0]) or 1
    return stats, {
        "completions_per_s": stats.completions / elapsed,
        "complete_p50_ms": lb.percentile(stats.latency["complete"], 0.5),
        "complete_p95_ms": lb.percentile(stats.latency["complete"], 0.95),
        "race_p95_ms": lb.percentile(stats.latency["race"], 0.95),
        "print_p95_ms": lb.percentile(stats.latency["print"], 0.95),
        "prints": len(stats.latency["print"]),
        "read_backs": stats.read_backs,
        "stale_reads": stats.stale_reads,
        "failed_requests": len(stats.failures),
        "machine_cpu_busy_pct": 100 * (total - (cpu_after[1] - cpu_before[1])) / total,
        "seconds": elapsed,
    }


def cron_overlaps(logs, cron_id):
    """Runs of the cron that overlap another run (on any host), and the number of runs."""
    runs, open_runs = [], {}
    for log in logs:
        for line in log.read_text(errors="replace").splitlines():
            match = CRON_LINE.match(line)
            if not match or int(match["id"]) != cron_id:
                continue
            at = datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S,%f")
            if match["what"] == "starting":
                open_runs[log] = at
            elif log in open_runs:
                runs.append((open_runs.pop(log), at))
    runs.sort()
    # a run overlaps when it starts before the previous one ended
    overlaps = sum(1 for a, b in itertools.pairwise(runs) if b[0] < a[1])
    return overlaps, len(runs)


def odoo_shell(db, script, env, data_dir):
    """scripts/``script`` inside ``odoo shell`` on our primary."""
    process = subprocess.run(
        [
            "odoo",
            "shell",
            "-d",
            db,
            f"--addons-path={os.environ['ADDONS_PATH']}",
            f"--data-dir={data_dir}",
            "--db_host=127.0.0.1",
            f"--db_port={PRIMARY}",
            "--db_user=root",
            "--no-http",
            "--log-level=warn",
        ],
        stdin=open(ROOT / "scripts" / script, "rb"),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "scripts"), **env},
        check=False,
    )
    output = process.stdout.decode() + process.stderr.decode()
    if process.returncode or "Traceback" in output:
        sys.exit(output)
    return output


class Bench:
    """One run: the work folder, the load's plan, the two PostgreSQL clusters, the logs."""

    def __init__(self, args, host_counts):
        self.args, self.db = args, args.db
        self.workdir = Path(tempfile.mkdtemp(prefix="sop_cluster_"))
        self.workdir.chmod(0o755)
        self.data_dir = self.workdir / "data"
        self.data_dir.mkdir()
        self.env = {
            "LOAD_PLAN": str(self.workdir / "plan.json"),
            "LOAD_USERS": str(max(args.levels)),
            "LOAD_LEVELS": str(len(args.levels) * len(host_counts)),
            "LOAD_LOOPS": str(args.loops),
        }
        self.plan = self.primary = self.replica = self.cron_id = None
        self.logs, self.failures, self.completions, self.stale = [], [], 0, 0

    def prepare(self, hosts):
        """The load's users, runs and worksheet, made on the machine's cluster (as the load
        benchmark does), then copied onto our primary and its replica."""
        lb.prepare_db(f"{self.db}_tpl", self.db)
        lb.odoo_shell(self.db, "load_setup.py", {**self.env, "LOAD_MODE": "setup"})
        self.plan = json.loads(Path(self.env["LOAD_PLAN"]).read_text())
        self.primary = make_primary(self.workdir, hosts)
        copy_database(self.db, self.primary, self.data_dir)
        self.replica = make_replica(
            self.workdir, self.primary, not self.args.async_replica, self.args.replica_delay
        )
        conn = self.primary.connect(self.db)
        with conn.cursor() as cr:
            cr.execute(
                "INSERT INTO ir_config_parameter (key, value) VALUES ('report.url', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (f"http://127.0.0.1:{ODOO_PORT}",),
            )
        conn.close()
        self.cron_id = self.primary.scalar(
            "SELECT res_id FROM ir_model_data WHERE module = 'sop_lakip' "
            f"AND name = '{CRON.split('.')[1]}'",
            self.db,
        )

    def replica_xacts(self):
        return self.replica.scalar(
            f"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '{self.db}'"
        )

    def run_hosts(self, hosts):
        """Every user level on ``hosts`` Odoo hosts behind the proxy."""
        args = self.args
        logs = [self.workdir / f"odoo-{hosts}-h{n}.log" for n in range(1, hosts + 1)]
        self.logs += logs
        processes = [
            start_host(n, self.db, self.data_dir, args.workers, log)
            for n, log in enumerate(logs, start=1)
        ]
        processes.append(start_proxy(self.workdir, hosts, args.workers))
        url = f"http://127.0.0.1:{PROXY}"
        try:
            hosts_urls = [
                f"http://{NET.format(host=n, end=2)}:{ODOO_PORT}" for n in range(1, hosts + 1)
            ]
            wait_ready([*hosts_urls, url], processes)
            lb.warm_up(url, self.db, self.plan, args.workers * hosts)
            replica_before = self.replica_xacts()
            for users in args.levels:
                stats, level = run_level(
                    url,
                    self.db,
                    self.plan,
                    users,
                    args.loops,
                    (self.primary, self.db, self.cron_id),
                )
                self.failures += stats.failures
                self.completions += stats.completions
                self.stale += level["stale_reads"]
                for name, value in level.items():
                    lb.emit(f"cluster_{hosts}_hosts_{users}_users_{name}", value)
            lb.emit(
                f"cluster_{hosts}_hosts_replica_transactions", self.replica_xacts() - replica_before
            )
        finally:
            for process in processes:
                os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                process.wait(60)

    def checks(self):
        """The load benchmark's checks on the primary, the cron's and the replica's."""
        overlaps, cron_runs = cron_overlaps(self.logs, self.cron_id)
        lb.emit("cluster_cron_runs", cron_runs)
        result = self.workdir / "result.json"
        result.write_text(json.dumps({"completions": self.completions}))
        output = odoo_shell(
            self.db,
            "load_setup.py",
            {**self.env, "LOAD_MODE": "check", "LOAD_RESULT": str(result)},
            self.data_dir,
        )
        lines = [line for line in output.splitlines() if line.startswith("check_")]
        lines.append(f"check_cron_runs_overlapping {overlaps}")
        # asynchronous replication promises no read-after-write: printed, not checked
        stale = 0 if self.args.async_replica else self.stale
        lb.emit("cluster_reads_older_than_own_write", self.stale)
        lines.append(f"check_reads_older_than_own_write {stale}")
        return lines

    def stop(self):
        for cluster in (self.replica, self.primary):
            if cluster:
                cluster.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--users", default="16,32,64", help="user counts, in order")
    parser.add_argument("--hosts", default="1,2", help="Odoo host counts, in order")
    parser.add_argument("--loops", type=int, default=8, help="completions per user and level")
    parser.add_argument("--workers", type=int, default=2, help="HTTP workers of each host")
    parser.add_argument("--short", action="store_true", help="4 and 8 users, 4 loops each")
    parser.add_argument("--async-replica", action="store_true", help="no remote_apply")
    parser.add_argument(
        "--replica-delay",
        type=int,
        default=0,
        help="ms the replica waits to apply (with --async-replica)",
    )
    parser.add_argument("--db", default=os.environ.get("SOP_CLUSTER_DB", "sop_lakip_cluster"))
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    if args.short:
        args.users, args.loops = "4,8", 4
    args.levels = [int(n) for n in args.users.split(",")]
    host_counts = [int(n) for n in args.hosts.split(",")]
    if os.geteuid():
        sys.exit("run as root: it makes network namespaces and starts PostgreSQL as postgres")
    bench = Bench(args, host_counts)
    drop_namespaces(max(host_counts))
    namespaces(max(host_counts))
    try:
        bench.prepare(max(host_counts))
        for hosts in host_counts:
            bench.run_hosts(hosts)
        lines = bench.checks()
    finally:
        bench.stop()
        drop_namespaces(max(host_counts))
    print("\n".join(lines))
    for failure in bench.failures[:20]:
        print(f"FAILED {failure}", file=sys.stderr)
    bad = [
        line
        for line in lines
        if not line.endswith(" 0") and not line.startswith("check_steps_completed_by_clients")
    ]
    if bench.failures or bad:
        sys.exit(f"cluster benchmark found problems (logs in {bench.workdir})")
    if not args.keep:
        shutil.rmtree(bench.workdir)


if __name__ == "__main__":
    main()
