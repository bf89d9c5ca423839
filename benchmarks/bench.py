"""Hookline benchmarks, each figure measured beside its reference in the same run.

Runs (select with --only; a run's reference run is added when missing):
  delivery   1. wrk POSTing a typical BigCommerce payload to nginx `return 200` (the machine's
                ceiling for any HTTP client), Hookline's delivery transport alone and AsyncHTTPClient
                alone, each POSTing the same payload to the hooks' URLs (`hookline-bench client
                --sender transport|async-http-client`: the ceiling for a deliverer built on it) vs Hookline delivering published
                events to hooks on the same nginx (hook i at 127.0.0.i: one destination host per
                hook), every event and attempt durable in SQLite (deliveries/s from the first
                publish to the last delivery done).
  publish    3. Single-event requests/s (wrk against the publish API) and batched events/s
                (1,000-event requests from 4 concurrent publishers; the median of several rounds).
  latency    2. At a steady rate (1,000 events/s to one hook, 30 s), event accepted → request received
                at a receiver that timestamps arrivals; p50/p90/p99/max (HdrHistogram, in
                `hookline-bench latency`). "Accepted" is when the publisher read Hookline's 202 (a
                lower bound: Hookline commits before it answers); the same arrivals measured from
                the publish request being sent (an upper bound, with the publish round trip) too.
                Repeated (--latency-repeats, alternating with isolation's runs); the run with the
                median p99 is reported, every run's p99 beside it.
  isolation  5. As latency, with as many hooks again pointing at a listener that accepts and never
                answers (reached as `localhost`: another destination host, still 127.0.0.1), so
                their attempts hang until Hookline's request timeout; median p99 of the healthy
                hooks vs the latency runs' median p99.
  backlog    4. 1,000,000 pending deliveries accumulated on a node with delivery off (`serve
                --no-delivery`; the receiver is effectively down): peak RSS (VmHWM) while they
                accumulate; then a node with delivery on drains them: deliveries/s vs the drain rate
                of a small queue (--events × --backlog-hooks) measured the same way.
  onehost    8. The delivery run with every hook on one destination host (127.0.0.1, distinct paths),
                so Hookline's per-host limit (16) caps its connections.
  postgres   6. The delivery run on PostgreSQL (--postgres-url; benchmarks/run.sh starts a
                throwaway cluster). Each run gets a fresh database, dropped afterwards. With the
                server on this machine, its own CPU per delivery too (every process of the user
                postgres, sampled), beside Hookline's.
  metrics    7. What metrics cost (only with --only metrics, not part of all): --metrics-pairs
                pairs of the SQLite delivery run, one with `serve --metrics off` and one with
                `--metrics on`, the order alternating; each pair's on ÷ off ratio and the median.
  adaptive   9. What adaptive concurrency does to isolation (only with --only adaptive):
                --adaptive-pairs pairs of the isolation run, one with `serve --adaptive-concurrency
                off` and one with `on`, the order alternating, both with --adaptive-request-timeout
                (short, so the hanging host's limit falls to 1 early in the run); each pair's
                healthy p99 on ÷ off and the median, and the limits the on runs ended with (from
                /metrics).

--metrics on|off gives every server of the other runs that option (default on).

All traffic stays on 127.0.0.1. Prints one markdown table and writes benchmarks/results.json.
A quick smoke run (under 2 minutes with release binaries):
  benchmarks/run.sh --seconds 3 --events 2000 --publish-batches 5 --latency-seconds 5 \
      --latency-repeats 1 --latency-drain-timeout 10 --backlog-deliveries 20000
"""
import argparse
from concurrent.futures import ThreadPoolExecutor
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

PAYLOAD = json.dumps({
    "scope": "store/order/created", "store_id": "1025646", "data": {"type": "order", "id": 250},
    "hash": "dd70c0976e06b67aaf671e73f49dcb79230ebf9d", "created_at": 1561479335, "producer": "stores/abc123",
})
ADMIN_TOKEN = "bench-admin-token-0123456789abcdef"
RUNS = ["delivery", "onehost", "publish", "latency", "isolation", "backlog", "postgres", "metrics", "adaptive"]
# Runs only made when --only names them (not part of "all").
OPT_IN_RUNS = {"metrics", "adaptive"}
# A run's figure is compared with another run's, which must then be measured in the same run.
REFERENCE_RUN = {"isolation": "latency", "postgres": "delivery", "onehost": "delivery"}
# Events per publish request in the batched runs (the publish API's maximum).
BATCH = 1000
# `hookline serve` options every server of a run gets, as (name, value) pairs (--metrics and
# --adaptive-concurrency set them, for paired runs of an option on and off).
SERVER_OPTIONS = []


def server_options(extra):
    """SERVER_OPTIONS as arguments, less those a server's own `extra` arguments set."""
    return [part for name, value in SERVER_OPTIONS if name not in extra for part in (name, value)]
# Concurrent publishers in the batched runs.
PUBLISHERS = 4


def log(message):
    print("bench: " + message, file=sys.stderr, flush=True)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def try_get(url):
    try:
        urllib.request.urlopen(url, timeout=1).read()
        return True
    except Exception:
        return False


def wait_for(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise SystemExit("benchmark: %s did not come up" % what)


def machine_info():
    """CPU count and model, kernel, memory, and the commit measured."""
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    memory_mb = None
    try:
        with open("/proc/meminfo") as f:
            memory_mb = next(int(line.split()[1]) // 1024 for line in f if line.startswith("MemTotal:"))
    except (OSError, StopIteration):
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    return {"cpus": os.cpu_count(), "cpu_model": model, "kernel": platform.release(), "memory_mb": memory_mb,
            "platform": platform.platform(), "commit": commit}


# nginx listens on 127.0.0.1 … 127.0.0.8, and hook i points at address i: the same receiver, reached
# as distinct destination hosts, as hooks of different apps would be. Hookline limits concurrency per
# host (16 by default), so 4 hooks get 64 connections, as many as wrk uses for the reference.
RECEIVER_ADDRESSES = 8


def receiver_url(port, index, prefix):
    """The nginx URL hook `index` posts to."""
    return "http://127.0.0.%d:%d/%s%d" % (index % RECEIVER_ADDRESSES + 1, port, prefix, index)


def start_nginx(work):
    port = free_port()
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""
worker_processes 1; daemon off; master_process off; error_log %(w)s/nginx-error.log; pid %(w)s/nginx.pid;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path %(w)s; keepalive_requests 1000000;
  server { %(listen)s location / { return 200 "ok"; } } }
""" % {"w": work, "p": port, "listen": " ".join("listen 127.0.0.%d:%d;" % (n, port) for n in range(1, RECEIVER_ADDRESSES + 1))})
    process = subprocess.Popen(["nginx", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: try_get("http://127.0.0.1:%d/" % port), 10, "nginx")
    return process, port


def wrk(url, seconds, lua, connections=64):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(lua)
    script.close()
    out = subprocess.run(["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "-s", script.name, url],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else 0.0


def call(base, method, path, body=None, headers=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + ADMIN_TOKEN,
                                              **(headers or {})})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response).get("data")


def publish_batches(base, store, events, concurrency=PUBLISHERS, after_each=None):
    """Publishes events 0..<events in batches of BATCH from `concurrency` concurrent publishers (as
    several platform processes would); returns the seconds it took. `after_each` runs after each batch.

    The request bodies are encoded before the clock starts and the answers are read but not parsed,
    so that the publishers (Python, on the same cores) take as little CPU from Hookline as they can."""
    bodies = [json.dumps({"events": [{"scope": "store/order/created", "data": {"type": "order", "id": i}}
                                     for i in range(start, min(start + BATCH, events))]}).encode()
              for start in range(0, events, BATCH)]
    url = base + "/admin/v1/stores/%s/events" % store
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + ADMIN_TOKEN}

    def publish(body):
        with urllib.request.urlopen(urllib.request.Request(url, method="POST", data=body, headers=headers), timeout=120) as response:
            if response.status != 202:
                raise SystemExit("benchmark: publishing answered %d" % response.status)
            response.read()
        if after_each:
            after_each()
    started = time.time()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(publish, bodies))
    return time.time() - started


def process_cpu_seconds(pid):
    """User + system CPU process `pid` has used so far (/proc/PID/stat), in seconds."""
    with open("/proc/%s/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class HooklineServer:
    """`hookline serve` on a free loopback port, its output in WORK/NAME.log."""

    def __init__(self, binary, work, name, database, extra=()):
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.database = database
        self.log_path = os.path.join(work, name + ".log")
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--database", database, "--admin-token", ADMIN_TOKEN,
             "--allow-insecure-destinations", "--allow-private-destinations", "--log-level", "error",
             "--rate-limit-quota", "100000000", "--retry-schedule", "60", *server_options(extra), *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while not try_get(self.base + "/health"):
            if self.process.poll() is not None or time.time() > deadline:
                self.stop()
                with open(self.log_path, errors="replace") as f:
                    raise SystemExit("benchmark: hookline (%s) did not come up:\n%s" % (name, f.read()[-4000:]))
            time.sleep(0.05)

    def cpu_seconds(self):
        """User + system CPU the server process has used so far, in seconds."""
        return process_cpu_seconds(self.process.pid)

    def status_kb(self, field):
        """A memory figure of /proc/PID/status (VmRSS, VmHWM), in kB."""
        with open("/proc/%d/status" % self.process.pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def create_tenant(self, store, hooks=(), scope="store/order/*"):
        """Creates a store and an API account, and hooks to the given destinations; returns the access token."""
        call(self.base, "POST", "/admin/v1/stores", {"store_hash": store})
        account = call(self.base, "POST", "/admin/v1/stores/%s/accounts" % store, {"name": "bench"})
        for destination in hooks:
            call(self.base, "POST", "/stores/%s/v3/hooks" % store, {"scope": scope, "destination": destination},
                 {"X-Auth-Token": account["access_token"]})
        return account["access_token"]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class SQLiteDeliveries:
    """Counts deliveries in a Hookline SQLite database, read-only."""

    def __init__(self, path):
        self.db = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=60)

    def pending(self):
        # Served by the partial index on pending deliveries: cheap when few are left.
        return self.db.execute("SELECT COUNT(*) FROM deliveries WHERE state = 'pending'").fetchone()[0]

    def succeeded(self):
        return self.db.execute("SELECT COUNT(*) FROM deliveries WHERE state = 'succeeded'").fetchone()[0]

    def close(self):
        self.db.close()


class PostgresDeliveries:
    """Counts deliveries in a Hookline PostgreSQL database through one long-lived psql."""

    def __init__(self, url):
        self.psql = subprocess.Popen(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=0", url], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)

    def query(self, sql):
        self.psql.stdin.write(sql + ";\n")
        self.psql.stdin.flush()
        return int(self.psql.stdout.readline().strip() or 0)

    def pending(self):
        return self.query("SELECT COUNT(*) FROM deliveries WHERE state = 'pending'")

    def succeeded(self):
        return self.query("SELECT COUNT(*) FROM deliveries WHERE state = 'succeeded'")

    def close(self):
        self.psql.stdin.close()
        self.psql.wait()


class PostgresServerCPU:
    """The CPU (user + system) of every process of the local user `postgres` while it runs: sampled
    every 0.2 s, each process's last reading kept, so connections that close during the run count.
    Zero when PostgreSQL runs elsewhere (no such processes)."""

    def __init__(self):
        self.readings, self.stopping = {}, False
        self.sampler = threading.Thread(target=self.sample, daemon=True)

    def sample(self):
        while not self.stopping:
            pids = subprocess.run(["pgrep", "-u", "postgres"], capture_output=True, text=True).stdout.split()
            for pid in pids:
                try:
                    self.readings[pid] = process_cpu_seconds(pid)
                except (OSError, IndexError, ValueError):
                    pass
            time.sleep(0.2)

    def __enter__(self):
        self.sampler.start()
        time.sleep(0.3)
        self.before = dict(self.readings)
        return self

    def __exit__(self, *exc):
        self.stopping = True
        self.sampler.join()

    def seconds(self):
        """CPU seconds the server's processes used since the start."""
        return sum(value - self.before.get(pid, 0) for pid, value in self.readings.items())


class PostgresDatabase:
    """A fresh database on the given PostgreSQL server, dropped by drop()."""

    def __init__(self, server_url, name):
        self.server_url = server_url
        self.name = "%s_%d_%d" % (name, os.getpid(), int(time.time()))
        self.admin(["-c", "CREATE DATABASE %s" % self.name])
        parts = urllib.parse.urlsplit(server_url)
        self.url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + self.name, parts.query, parts.fragment))

    def admin(self, arguments):
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.server_url, *arguments], check=True,
                       stdout=subprocess.DEVNULL)

    def drop(self):
        self.admin(["-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.name])

    def durability(self):
        """The server's durability settings as a label: "fsync on" when commits reach the disk."""
        settings = subprocess.run(["psql", "-X", "-A", "-t", "-q", self.server_url, "-c", "SHOW fsync", "-c", "SHOW synchronous_commit"],
                                  check=True, capture_output=True, text=True).stdout.split()
        fsync, synchronous_commit = (settings + ["?", "?"])[:2]
        if fsync == "on" and synchronous_commit != "off":
            return "fsync on, durable"
        return "fsync %s, synchronous_commit %s: not durable" % (fsync, synchronous_commit)


def wait_until_drained(counter, deadline_seconds, stall_seconds=30):
    """Polls the pending count until it is 0, stops moving for stall_seconds, or the deadline passes.

    Polls at most every 50 ms and spends at most ~5 % of the time querying (the count is cheap when
    few are pending and costs more with a large backlog). Returns (time drained, pending left).
    """
    deadline = time.time() + deadline_seconds
    last_change, last = time.time(), None
    while True:
        asked = time.time()
        pending = counter.pending()
        now = time.time()
        if pending == 0:
            return now, 0
        if pending != last:
            last_change, last = now, pending
        if now - last_change > stall_seconds or now > deadline:
            return now, pending
        time.sleep(max(0.05, 20 * (now - asked)))


def delivery_run(server, counter, nginx_port, events, hooks, drain_timeout, one_host=False):
    """Run 1 (and 6, 7): publish in batches to hooks on nginx; deliveries/s, first publish to last
    done, and the server's CPU per delivery over that time (publishing included). With `one_host`
    every hook posts to 127.0.0.1 (one destination host: the per-host limit caps the connections)."""
    server.create_tenant("bench", [receiver_url(nginx_port, 0 if one_host else index, "h%d-" % index if one_host else "h")
                                   for index in range(hooks)])
    total = events * hooks
    cpu_before = server.cpu_seconds()
    started = time.time()
    publishing = publish_batches(server.base, "bench", events)
    finished, left = wait_until_drained(counter, drain_timeout)
    cpu = server.cpu_seconds() - cpu_before
    done = counter.succeeded()
    if done < total:
        log("delivery run: only %d of %d deliveries succeeded (%d still pending)" % (done, total, left))
    return {"deliveries_per_s": done / (finished - started), "deliveries_succeeded": done, "deliveries_expected": total,
            "batched_publish_events_per_s_during_delivery": events / publishing,
            "cpu_us_per_delivery": 1e6 * cpu / done if done else None}


def metrics_run(args, work, nginx_port):
    """Run 7: what metrics cost. Pairs of SQLite delivery runs of one build, one with `--metrics off`
    and one with `--metrics on` (the order alternating from pair to pair, each on a fresh database),
    so that each pair's ratio compares two runs minutes apart on the same machine."""
    pairs = []
    for index in range(args.metrics_pairs):
        order = ("off", "on") if index % 2 == 0 else ("on", "off")
        pair = {}
        for mode in order:
            name = "metrics-%s-%d" % (mode, index + 1)
            database = os.path.join(work, name + ".sqlite")
            server = HooklineServer(args.binary, work, name, "sqlite:" + database, ["--metrics", mode])
            counter = SQLiteDeliveries(database)
            try:
                pair[mode] = delivery_run(server, counter, nginx_port, args.events, args.hooks, args.drain_timeout)["deliveries_per_s"]
            finally:
                counter.close()
                server.stop()
            log("7. pair %d, metrics %s: %s deliveries/s" % (index + 1, mode, number(pair[mode])))
        pair["on_to_off"] = pair["on"] / pair["off"]
        pairs.append(pair)
    return {"pairs": pairs, "median_on_to_off": statistics.median(p["on_to_off"] for p in pairs),
            "median_off_deliveries_per_s": statistics.median(p["off"] for p in pairs),
            "median_on_deliveries_per_s": statistics.median(p["on"] for p in pairs)}


def client_ceiling(args, work, nginx_port, sender="async-http-client"):
    """Run 1's client references: `hookline-bench client --sender SENDER` (Hookline's delivery
    transport alone, or AsyncHTTPClient alone; per-host limit as Hookline's default) POSTing the
    payload to the delivery run's hook URLs; requests/s."""
    payload = os.path.join(work, "payload.json")
    with open(payload, "w") as f:
        f.write(json.dumps(PAYLOAD))
    urls = [argument for index in range(args.hooks) for argument in ("--url", receiver_url(nginx_port, index, "h"))]
    command = [args.bench_binary, "client", "--sender", sender, "--seconds", str(args.seconds), "--payload-file", payload, *urls]
    out = subprocess.run(command, capture_output=True, text=True, timeout=args.seconds + 120)
    if out.returncode != 0:
        raise SystemExit("benchmark: %s failed (%d):\n%s%s" % (" ".join(command[:2]), out.returncode, out.stdout, out.stderr))
    return json.loads(out.stdout)["requests_per_s"]


def publish_run(binary, work, seconds, batches, rounds):
    """Run 3: single-event requests/s with wrk and 1,000-event batches, on a store with no hooks.

    The batched figure is the median of `rounds` rounds of `batches` batches each: a round takes a
    second or two, so one stall of this shared machine would otherwise decide it."""
    server = HooklineServer(binary, work, "publish", "sqlite:" + os.path.join(work, "publish.sqlite"))
    try:
        server.create_tenant("pub")
        single = wrk(server.base + "/admin/v1/stores/pub/events", seconds,
                     "wrk.method='POST'\nwrk.body='{\"scope\": \"store/order/created\", \"data\": {\"type\": \"order\", \"id\": 1}}'\n"
                     "wrk.headers['Content-Type']='application/json'\nwrk.headers['Authorization']='Bearer %s'\n" % ADMIN_TOKEN)
        per_round = [batches * BATCH / publish_batches(server.base, "pub", batches * BATCH) for _ in range(rounds)]
        return {"single_requests_per_s": single, "batched_events_per_s": statistics.median(per_round),
                "batched_rounds_events_per_s": per_round}
    finally:
        server.stop()


def latency_run(args, work, name, hanging_hooks, extra=()):
    """Runs 2 and 5: `hookline-bench latency` against a fresh server (with `extra` options); its
    JSON report, with the server's adaptive-concurrency metrics at the end (`server_metrics`)."""
    server = HooklineServer(args.binary, work, name, "sqlite:" + os.path.join(work, name + ".sqlite"), list(extra))
    try:
        token = server.create_tenant("lat")
        command = [args.bench_binary, "latency", "--base", server.base, "--admin-token", ADMIN_TOKEN, "--store", "lat",
                   "--access-token", token, "--rate", str(args.latency_rate), "--seconds", str(args.latency_seconds),
                   "--healthy-hooks", str(args.latency_hooks), "--hanging-hooks", str(hanging_hooks),
                   "--drain-timeout", str(args.latency_drain_timeout)]
        out = subprocess.run(command, capture_output=True, text=True,
                             timeout=args.latency_seconds + args.latency_drain_timeout + 300)
        if out.returncode != 0:
            raise SystemExit("benchmark: %s failed (%d):\n%s%s" % (" ".join(command[:2]), out.returncode, out.stdout, out.stderr))
        report = json.loads(out.stdout)
        report["server_peak_rss_mb"] = server.status_kb("VmHWM") / 1024
        report["server_metrics"] = scrape_metrics(server.base, ADAPTIVE_METRICS)
        return report
    finally:
        server.stop()


# The metrics that show what adaptive concurrency did in a run.
ADAPTIVE_METRICS = ("hookline_delivery_host_concurrency_limit_min", "hookline_delivery_hosts_below_max_concurrency",
                    "hookline_delivery_host_concurrency_changes_total")


def scrape_metrics(base, names):
    """The samples of the metrics `names` that the server's /metrics shows now, as {"name{labels}": value};
    empty if it shows none (metrics off, or a build without them)."""
    request = urllib.request.Request(base + "/metrics", headers={"Authorization": "Bearer " + ADMIN_TOKEN})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
    except Exception:
        return {}
    samples = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        key, _, value = line.rpartition(" ")
        if key.split("{", 1)[0] in names:
            samples[key] = float(value)
    return samples


def adaptive_run(args, work):
    """Run 9: what adaptive concurrency does to isolation. Pairs of isolation runs of one build, one
    with `--adaptive-concurrency off` and one with `on` (the order alternating from pair to pair,
    each on a fresh server), both with a short request timeout, so that the hanging host's limit
    falls early and stays low for most of the run."""
    pairs = []
    for index in range(args.adaptive_pairs):
        order = ("off", "on") if index % 2 == 0 else ("on", "off")
        pair = {}
        for mode in order:
            report = latency_run(args, work, "adaptive-%s-%d" % (mode, index + 1), args.latency_hooks,
                                 ["--adaptive-concurrency", mode, "--request-timeout", str(args.adaptive_request_timeout)])
            pair[mode] = {"p99_ms": report["latency_since_accepted"]["p99_ms"], "p50_ms": report["latency_since_accepted"]["p50_ms"],
                          "publisher_lateness_p99_ms": report["send_lateness"]["p99_ms"],
                          "arrivals": report["arrivals"], "expected_arrivals": report["expected_arrivals"],
                          "server_metrics": report["server_metrics"]}
            log("9. pair %d, adaptive %s: healthy p99 %s ms (publisher lateness p99 %s ms); %s" % (
                index + 1, mode, number(pair[mode]["p99_ms"], 2), number(pair[mode]["publisher_lateness_p99_ms"], 2),
                report["server_metrics"]))
        pair["on_to_off"] = pair["on"]["p99_ms"] / pair["off"]["p99_ms"] if pair["off"]["p99_ms"] else float("inf")
        pairs.append(pair)
    lowest = [p["on"]["server_metrics"].get("hookline_delivery_host_concurrency_limit_min") for p in pairs]
    return {"pairs": pairs, "median_on_to_off": statistics.median(p["on_to_off"] for p in pairs),
            "median_off_p99_ms": statistics.median(p["off"]["p99_ms"] for p in pairs),
            "median_on_p99_ms": statistics.median(p["on"]["p99_ms"] for p in pairs),
            "on_runs_lowest_limit_at_end": lowest, "request_timeout_s": args.adaptive_request_timeout}


def latency_runs(args, work, isolation):
    """Runs 2 and (with `isolation`) 5, alternating, --latency-repeats times each, so that the
    machine's noise falls on both alike; each one's median run (see `median_run`)."""
    latency, hanging = [], []
    for index in range(args.latency_repeats):
        latency.append(latency_run(args, work, "latency-%d" % index, 0))
        if isolation:
            hanging.append(latency_run(args, work, "isolation-%d" % index, args.latency_hooks))
    return median_run(latency), median_run(hanging) if isolation else None


def median_run(reports):
    """The report whose p99 (accepted → received) is the median, the lower middle one of an even
    count, with every report's p99 in `repeats_p99_ms` (in run order)."""
    ordered = sorted(reports, key=lambda report: report["latency_since_accepted"]["p99_ms"])
    median = dict(ordered[(len(ordered) - 1) // 2])
    median["repeats_p99_ms"] = [report["latency_since_accepted"]["p99_ms"] for report in reports]
    return median


def repeats_note(report):
    """"; median of N runs: …" with every run's p99, for a report of several runs (see `median_run`)."""
    p99s = report["repeats_p99_ms"]
    return "; median of %d runs: %s" % (len(p99s), ", ".join(number(p99, 2) for p99 in p99s)) if len(p99s) > 1 else ""


def backlog_run(args, work, nginx_port):
    """Run 4: accumulate pending deliveries with delivery off, then drain them with delivery on; the
    same for a small queue (run 1's size), whose drain rate is the reference."""
    small = drain_run(args, work, nginx_port, args.events * args.backlog_hooks, "queue-small")
    large = drain_run(args, work, nginx_port, args.backlog_deliveries, "queue-large")
    return {"small": small, "large": large, "drain_ratio_to_small_queue": large["drain_deliveries_per_s"] / small["drain_deliveries_per_s"]}


def drain_run(args, work, nginx_port, deliveries, name):
    """Publishes `deliveries` pending deliveries to a node with delivery off (peak RSS meanwhile), then
    starts a node with delivery on over the same database and measures how fast the queue drains."""
    hooks = args.backlog_hooks
    events = max(1, deliveries // hooks)
    database = "sqlite:" + os.path.join(work, name + ".sqlite")
    accumulating = HooklineServer(args.binary, work, name + "-accumulate", database, ["--no-delivery"])
    try:
        accumulating.create_tenant("backlog", [receiver_url(nginx_port, index, "b") for index in range(hooks)])
        rss_samples = []
        accumulated = publish_batches(accumulating.base, "backlog", events,
                                      after_each=lambda: rss_samples.append(accumulating.status_kb("VmRSS")))
        peak_kb = accumulating.status_kb("VmHWM")
    finally:
        accumulating.stop()
    counter = SQLiteDeliveries(database[len("sqlite:"):])
    try:
        pending_before = counter.pending()
        draining = HooklineServer(args.binary, work, name + "-drain", database)
        try:
            cpu_before = draining.cpu_seconds()
            started = time.time()
            pending_at_start = counter.pending()
            finished, left = wait_until_drained(counter, args.drain_timeout)
            drain_cpu = draining.cpu_seconds() - cpu_before
            drain_peak_kb = draining.status_kb("VmHWM")
        finally:
            draining.stop()
        succeeded = counter.succeeded()
    finally:
        counter.close()
    if left:
        log("%s: %d deliveries still pending when the drain stopped" % (name, left))
    return {"pending_deliveries": pending_before, "events": events, "hooks": hooks,
            "accumulate_events_per_s": events / accumulated, "accumulate_peak_rss_mb": peak_kb / 1024,
            "accumulate_last_rss_mb": (max(rss_samples) if rss_samples else 0) / 1024,
            "drain_deliveries_per_s": (pending_at_start - left) / (finished - started),
            "drain_pending_at_start": pending_at_start, "drain_left_pending": left, "drain_succeeded": succeeded,
            "drain_peak_rss_mb": drain_peak_kb / 1024,
            "drain_cpu_us_per_delivery": 1e6 * drain_cpu / (pending_at_start - left) if pending_at_start > left else None,
            "database_mb": os.path.getsize(database[len("sqlite:"):]) / (1 << 20)}


def selected_runs(only):
    runs = [name for name in RUNS if name not in OPT_IN_RUNS] if only in (None, "all") else [name.strip() for name in only.split(",") if name.strip()]
    unknown = [name for name in runs if name not in RUNS]
    if unknown:
        raise SystemExit("benchmark: unknown run(s) %s; choose from %s" % (", ".join(unknown), ",".join(RUNS)))
    for name in list(runs):
        reference = REFERENCE_RUN.get(name)
        if reference and reference not in runs:
            log("%s is compared with the %s run: running that too" % (name, reference))
            runs.append(reference)
    return [name for name in RUNS if name in runs]


def number(value, decimals=0):
    return "{:,.{}f}".format(value, decimals)


def latency_run_row(name, report):
    """A row saying what a latency run did: events published, deliveries arrived, schedule kept."""
    shape = "%s: %s events/s × %d hooks%s for %s s; events accepted / scheduled, deliveries arrived / expected" % (
        name, number(report["rate_per_s"]), report["healthy_hooks"],
        " (+ %d hanging)" % report["hanging_hooks"] if report["hanging_hooks"] else "", "{:g}".format(report["seconds"]))
    value = "%s / %s, %s / %s" % (number(report["events_accepted"]), number(report["events_scheduled"]),
                                   number(report["arrivals"]), number(report["expected_arrivals"]))
    notes = []
    if report["publish_failures"]:
        notes.append("%s publishes failed (%s)" % (number(report["publish_failures"]), report["first_publish_failure"]))
    if report["missing_arrivals"]:
        notes.append("missing deliveries count as arriving at the drain deadline (values marked ≥)")
    notes.append("publisher lateness p99 %s ms, publish answered in p99 %s ms" % (
        number(report["send_lateness"]["p99_ms"], 2), number(report["publish_response"]["p99_ms"], 2)))
    return shape, value, "; ".join(notes)


def table(args, figures, details):
    """The markdown rows (figure, value, reference / target) of what was measured."""
    rows = []
    if "wrk_to_nginx_requests_per_s" in figures:
        rows.append(("wrk → nginx `return 200`, POST of a BigCommerce payload (reference), req/s",
                     number(figures["wrk_to_nginx_requests_per_s"]), "same receiver, same payload"))
    if "transport_to_nginx_requests_per_s" in figures:
        rows.append(("Hookline's delivery transport alone → the same nginx, %d hosts × 16 connections, req/s" % args.hooks,
                     number(figures["transport_to_nginx_requests_per_s"]),
                     "%.1f %% of wrk (target ≥ 50 %%): the ceiling for Hookline's deliveries" % (
                         100 * figures["transport_to_nginx_requests_per_s"] / figures["wrk_to_nginx_requests_per_s"])))
    if "client_to_nginx_requests_per_s" in figures:
        rows.append(("AsyncHTTPClient alone → the same nginx, %d hosts × 16 connections as Hookline's client, req/s" % args.hooks,
                     number(figures["client_to_nginx_requests_per_s"]),
                     "%.1f %% of wrk: the ceiling for a deliverer built on it" % (
                         100 * figures["client_to_nginx_requests_per_s"] / figures["wrk_to_nginx_requests_per_s"])))
    if "hookline_deliveries_per_s" in figures:
        rows.append(("Hookline deliveries/s, %s deliveries to %d hooks on that nginx, SQLite, durable"
                     % (number(args.events * args.hooks), args.hooks), number(figures["hookline_deliveries_per_s"]),
                     "%.1f %% of wrk (target ≥ 25 %%), %.0f %% of the transport alone" % (
                         100 * figures["delivery_ratio_to_wrk"], 100 * figures["delivery_ratio_to_transport"])))
    if "hookline_cpu_us_per_delivery" in figures:
        rows.append(("Hookline CPU per delivery in that run (user + system, publishing included), µs",
                     number(figures["hookline_cpu_us_per_delivery"]), "target ≤ 100 µs in a drain (see the backlog rows)"))
    if "onehost_deliveries_per_s" in figures:
        rows.append(("Hookline deliveries/s, the same to %d hooks on one destination host (16 connections), SQLite, durable" % args.hooks,
                     number(figures["onehost_deliveries_per_s"]),
                     "%.1f %% of wrk (target ≥ 25 %%)" % (100 * figures["onehost_deliveries_per_s"] / figures["wrk_to_nginx_requests_per_s"])))
    metrics = details.get("metrics")
    if metrics:
        rows.append(("Hookline deliveries/s with metrics off / on, %s deliveries to %d hooks, SQLite (median of %d paired runs)"
                     % (number(args.events * args.hooks), args.hooks, len(metrics["pairs"])),
                     "%s / %s" % (number(metrics["median_off_deliveries_per_s"]), number(metrics["median_on_deliveries_per_s"])),
                     "on ÷ off: median %.3f; pairs %s" % (
                         metrics["median_on_to_off"], ", ".join("%.3f" % p["on_to_off"] for p in metrics["pairs"]))))
    adaptive = details.get("adaptive")
    if adaptive:
        rows.append(("Isolation, healthy hook's p99 accepted → received, adaptive concurrency off / on, ms (%s events/s, "
                     "%d healthy + %d hanging hooks, request timeout %d s; median of %d paired runs)"
                     % (number(args.latency_rate), args.latency_hooks, args.latency_hooks, adaptive["request_timeout_s"],
                        len(adaptive["pairs"])),
                     "%s / %s" % (number(adaptive["median_off_p99_ms"], 2), number(adaptive["median_on_p99_ms"], 2)),
                     "on ÷ off: median %.2f; pairs %s; the on runs' lowest host limit at the end: %s" % (
                         adaptive["median_on_to_off"],
                         ", ".join("%s / %s" % (number(p["off"]["p99_ms"], 2), number(p["on"]["p99_ms"], 2)) for p in adaptive["pairs"]),
                         ", ".join("-" if limit is None else "%g" % limit for limit in adaptive["on_runs_lowest_limit_at_end"]))))
    if "publish_single_requests_per_s" in figures:
        rows.append(("Publish, single-event requests/s", number(figures["publish_single_requests_per_s"]), "target ≥ 3,000"))
        rounds = details.get("publish", {}).get("batched_rounds_events_per_s", [])
        rows.append(("Publish, batched events/s (1,000 per request, %d concurrent publishers; median of %d rounds of %s events)"
                     % (PUBLISHERS, len(rounds), number(args.publish_batches * BATCH)),
                     number(figures["publish_batched_events_per_s"]),
                     "target ≥ 20,000; rounds %s" % ", ".join(number(r) for r in rounds)))
    latency = details.get("latency")
    if latency:
        bound = "≥ " if latency["latency_is_lower_bound"] else ""
        accepted, sent = latency["latency_since_accepted"], latency["latency"]
        for key, label, target in (("p50_ms", "p50", "target ≤ 5 ms"), ("p90_ms", "p90", ""),
                                   ("p99_ms", "p99", "target ≤ 25 ms" + repeats_note(latency)),
                                   ("max_ms", "max", "")):
            rows.append(("Latency %s, event accepted (202 read by the publisher) → request received, ms" % label,
                         bound + number(accepted[key], 2), target))
        rows.append(("Latency p50 / p99, publish request sent → request received (with the publish round trip), ms",
                     "%s%s / %s" % (bound, number(sent["p50_ms"], 2), number(sent["p99_ms"], 2)),
                     "upper bound of the above; %s arrivals came before their 202 was read" % number(latency["arrivals_before_accepted"])))
        rows.append(latency_run_row("Latency run", latency))
    isolation = details.get("isolation")
    if isolation and latency:
        bound = "≥ " if isolation["latency_is_lower_bound"] else ""
        def ratio(key):
            return isolation[key]["p99_ms"] / latency[key]["p99_ms"] if latency[key]["p99_ms"] else float("inf")
        rows.append(("Isolation: p99 of %d healthy hooks while %d more hang until Hookline's request timeout, accepted → received, ms"
                     % (isolation["healthy_hooks"], isolation["hanging_hooks"]),
                     bound + number(isolation["latency_since_accepted"]["p99_ms"], 2),
                     "%.2f× the latency p99 above (target ≤ 2×); from publish sent: %s ms, %.2f×%s" % (
                         ratio("latency_since_accepted"), number(isolation["latency"]["p99_ms"], 2), ratio("latency"),
                         repeats_note(isolation))))
        rows.append(latency_run_row("Isolation run", isolation))
    backlog = details.get("backlog")
    if backlog:
        large, small = backlog["large"], backlog["small"]
        rows.append(("Backlog: peak RSS (VmHWM) while %s pending deliveries accumulate (delivery off), MB"
                     % number(large["pending_deliveries"]), number(large["accumulate_peak_rss_mb"]), "target < 300 MB"))
        rows.append(("Backlog: drain rate of %s pending deliveries (receiver up), deliveries/s" % number(large["pending_deliveries"]),
                     number(large["drain_deliveries_per_s"]),
                     "%.0f %% of the small queue's rate (target ≥ 80 %%)%s" % (
                         100 * backlog["drain_ratio_to_small_queue"],
                         "; %s left pending" % number(large["drain_left_pending"]) if large["drain_left_pending"] else "")))
        rows.append(("Backlog reference: drain rate of %s pending deliveries, deliveries/s" % number(small["pending_deliveries"]),
                     number(small["drain_deliveries_per_s"]), ""))
        if large.get("drain_cpu_us_per_delivery") and small.get("drain_cpu_us_per_delivery"):
            rows.append(("Backlog: Hookline CPU per delivery in the drains of %s / %s (user + system), µs"
                         % (number(large["pending_deliveries"]), number(small["pending_deliveries"])),
                         "%s / %s" % (number(large["drain_cpu_us_per_delivery"]), number(small["drain_cpu_us_per_delivery"])),
                         "target ≤ 100 µs"))
        rows.append(("Backlog: peak RSS while draining %s, MB" % number(large["pending_deliveries"]), number(large["drain_peak_rss_mb"]), ""))
    if "postgres_deliveries_per_s" in figures:
        rows.append(("Hookline deliveries/s, same run on PostgreSQL (%s)" % figures.get("postgres_durability", "fsync on, durable"),
                     number(figures["postgres_deliveries_per_s"]),
                     "%.1f %% of wrk, %.0f %% of SQLite" % (100 * figures["postgres_delivery_ratio_to_wrk"],
                                                           100 * figures["postgres_deliveries_per_s"] / figures["hookline_deliveries_per_s"])))
        postgres = details.get("postgres", {})
        if postgres.get("postgres_cpu_us_per_delivery"):
            rows.append(("CPU per delivery in that run: Hookline / the PostgreSQL server on the same machine (user + system), µs",
                         "%s / %s" % (number(postgres["cpu_us_per_delivery"]), number(postgres["postgres_cpu_us_per_delivery"])),
                         "every process of the local postgres user, sampled every 0.2 s"))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the hookline executable")
    parser.add_argument("--bench-binary", help="the hookline-bench executable (default: next to --binary)")
    parser.add_argument("--only", help="comma list of runs: %s (default all)" % ",".join(RUNS))
    parser.add_argument("--events", type=int, default=20000, help="delivery runs: events published")
    parser.add_argument("--hooks", type=int, default=4, help="delivery runs: hooks each event goes to")
    parser.add_argument("--seconds", type=int, default=10, help="wrk runs: seconds each")
    parser.add_argument("--publish-batches", type=int, default=20, help="publish run: 1,000-event batches per round")
    parser.add_argument("--publish-rounds", type=int, default=5, help="publish run: rounds of batches; the median round is reported")
    parser.add_argument("--latency-rate", type=int, default=1000, help="latency runs: events/s")
    parser.add_argument("--latency-seconds", type=float, default=30, help="latency runs: seconds of publishing")
    parser.add_argument("--latency-hooks", type=int, default=1, help="latency runs: healthy hooks (isolation adds as many hanging)")
    parser.add_argument("--latency-repeats", type=int, default=3,
                        help="latency and isolation runs: how many of each (alternating); the median p99 is reported")
    parser.add_argument("--latency-drain-timeout", type=float, default=30,
                        help="latency runs: seconds to wait for the last arrivals after the last publish")
    parser.add_argument("--backlog-deliveries", type=int, default=1_000_000, help="backlog run: pending deliveries to accumulate")
    parser.add_argument("--backlog-hooks", type=int, default=4, help="backlog run: hooks each event goes to")
    parser.add_argument("--drain-timeout", type=float, default=3600, help="delivery and backlog runs: most seconds to wait for the queue to drain")
    parser.add_argument("--postgres-url", help="PostgreSQL server for the postgres run, e.g. postgres://postgres@127.0.0.1:55432/postgres")
    parser.add_argument("--metrics", choices=("on", "off"),
                        help="every server's `serve --metrics` (default: the server's, on; off: no metrics backend, no queue sampling)")
    parser.add_argument("--metrics-pairs", type=int, default=3,
                        help="metrics run: pairs of delivery runs, one with metrics off and one on (opt-in: --only metrics)")
    parser.add_argument("--adaptive-pairs", type=int, default=5,
                        help="adaptive run: pairs of isolation runs with --adaptive-concurrency off and on")
    parser.add_argument("--adaptive-request-timeout", type=int, default=2,
                        help="adaptive run: the servers' --request-timeout, seconds (short, so the hanging host's limit falls early)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (databases, server logs)")
    parser.add_argument("--label", help="what is measured, recorded in results.json (default: this checkout's commit)")
    parser.add_argument("--adaptive-concurrency", choices=["on", "off"],
                        help="every server's --adaptive-concurrency (default: the server's, on); for paired runs on vs off")
    args = parser.parse_args()
    args.bench_binary = args.bench_binary or os.path.join(os.path.dirname(args.binary), "hookline-bench")
    if args.metrics:
        SERVER_OPTIONS.append(("--metrics", args.metrics))
    if args.adaptive_concurrency:
        SERVER_OPTIONS.append(("--adaptive-concurrency", args.adaptive_concurrency))
    runs = selected_runs(args.only)
    if "postgres" in runs and not args.postgres_url:
        log("postgres run skipped: no --postgres-url (benchmarks/run.sh starts a throwaway cluster)")
        runs.remove("postgres")
    if "metrics" in runs and args.metrics_pairs < 1:
        raise SystemExit("benchmark: --metrics-pairs must be at least 1")
    if "adaptive" in runs and args.adaptive_pairs < 1:
        raise SystemExit("benchmark: --adaptive-pairs must be at least 1")
    if "adaptive" in runs and args.adaptive_concurrency:
        raise SystemExit("benchmark: the adaptive run sets --adaptive-concurrency itself; leave the option out")
    if ({"delivery", "latency", "isolation", "adaptive"} & set(runs)) and not os.access(args.bench_binary, os.X_OK):
        raise SystemExit("benchmark: %s not found; build it with swift build --product hookline-bench" % args.bench_binary)
    if args.latency_repeats < 1:
        raise SystemExit("benchmark: --latency-repeats must be at least 1")
    if args.latency_hooks * 2 > 10 and ({"isolation", "adaptive"} & set(runs)):
        raise SystemExit("benchmark: isolation needs 2 × --latency-hooks ≤ 10 (Hookline allows 10 hooks per scope)")

    work = tempfile.mkdtemp(prefix="hookline-bench-")
    results = {"machine": machine_info(), "label": args.label, "command": " ".join(sys.argv), "runs": runs, "figures": {}, "details": {},
               "adaptive_concurrency": "off and on, paired" if "adaptive" in runs else args.adaptive_concurrency or "on (server default)"}
    figures, details = results["figures"], results["details"]
    log("runs: %s; work directory %s" % (", ".join(runs), work))
    nginx, nginx_port = start_nginx(work)
    try:
        if "delivery" in runs:
            log("1. wrk → nginx (reference)")
            figures["wrk_to_nginx_requests_per_s"] = wrk(
                "http://127.0.0.1:%d/" % nginx_port, args.seconds,
                "wrk.method='POST'\nwrk.body=%s\nwrk.headers['Content-Type']='application/json'\n" % json.dumps(PAYLOAD))
            log("1. Hookline's transport alone → nginx (reference)")
            figures["transport_to_nginx_requests_per_s"] = client_ceiling(args, work, nginx_port, "transport")
            log("1. AsyncHTTPClient alone → nginx (reference)")
            figures["client_to_nginx_requests_per_s"] = client_ceiling(args, work, nginx_port)
            log("1. Hookline delivery, SQLite")
            server = HooklineServer(args.binary, work, "delivery", "sqlite:" + os.path.join(work, "delivery.sqlite"))
            counter = SQLiteDeliveries(os.path.join(work, "delivery.sqlite"))
            try:
                run = delivery_run(server, counter, nginx_port, args.events, args.hooks, args.drain_timeout)
            finally:
                counter.close()
                server.stop()
            details["delivery"] = run
            figures["hookline_deliveries_per_s"] = run["deliveries_per_s"]
            figures["hookline_batched_publish_events_per_s_during_delivery"] = run["batched_publish_events_per_s_during_delivery"]
            figures["deliveries_measured"] = run["deliveries_succeeded"]
            figures["delivery_ratio_to_wrk"] = run["deliveries_per_s"] / figures["wrk_to_nginx_requests_per_s"]
            figures["delivery_ratio_to_client"] = run["deliveries_per_s"] / figures["client_to_nginx_requests_per_s"]
            figures["delivery_ratio_to_transport"] = run["deliveries_per_s"] / figures["transport_to_nginx_requests_per_s"]
            figures["hookline_cpu_us_per_delivery"] = run["cpu_us_per_delivery"]

        if "onehost" in runs:
            log("8. Hookline delivery, SQLite, every hook on one destination host")
            server = HooklineServer(args.binary, work, "delivery-onehost", "sqlite:" + os.path.join(work, "onehost.sqlite"))
            counter = SQLiteDeliveries(os.path.join(work, "onehost.sqlite"))
            try:
                run = delivery_run(server, counter, nginx_port, args.events, args.hooks, args.drain_timeout, one_host=True)
            finally:
                counter.close()
                server.stop()
            details["onehost"] = run
            figures["onehost_deliveries_per_s"] = run["deliveries_per_s"]
            figures["onehost_cpu_us_per_delivery"] = run["cpu_us_per_delivery"]

        if "metrics" in runs:
            log("7. what metrics cost: %d pairs of SQLite delivery runs, metrics off and on" % args.metrics_pairs)
            details["metrics"] = metrics_run(args, work, nginx_port)
            figures["metrics_off_deliveries_per_s"] = details["metrics"]["median_off_deliveries_per_s"]
            figures["metrics_on_deliveries_per_s"] = details["metrics"]["median_on_deliveries_per_s"]
            figures["metrics_on_to_off_ratio"] = details["metrics"]["median_on_to_off"]

        if "postgres" in runs:
            log("6. Hookline delivery, PostgreSQL")
            database = PostgresDatabase(args.postgres_url, "hookline_bench")
            try:
                durability = database.durability()
                server = HooklineServer(args.binary, work, "delivery-postgres", database.url)
                counter = PostgresDeliveries(database.url)
                try:
                    with PostgresServerCPU() as server_cpu:
                        run = delivery_run(server, counter, nginx_port, args.events, args.hooks, args.drain_timeout)
                    if server_cpu.seconds() > 0 and run["deliveries_succeeded"]:
                        run["postgres_cpu_us_per_delivery"] = 1e6 * server_cpu.seconds() / run["deliveries_succeeded"]
                finally:
                    counter.close()
                    server.stop()
            finally:
                database.drop()
            details["postgres"] = run
            figures["postgres_durability"] = durability
            figures["postgres_deliveries_per_s"] = run["deliveries_per_s"]
            figures["postgres_delivery_ratio_to_wrk"] = run["deliveries_per_s"] / figures["wrk_to_nginx_requests_per_s"]

        if "publish" in runs:
            log("3. publish rates")
            run = publish_run(args.binary, work, args.seconds, args.publish_batches, args.publish_rounds)
            figures["publish_single_requests_per_s"] = run["single_requests_per_s"]
            figures["publish_batched_events_per_s"] = run["batched_events_per_s"]
            details["publish"] = {"batched_rounds_events_per_s": run["batched_rounds_events_per_s"]}

        if "latency" in runs:
            log("2. latency, %d events/s × %d hooks for %s s, %d times%s" % (
                args.latency_rate, args.latency_hooks, args.latency_seconds, args.latency_repeats,
                "; alternating with 5. isolation, %d healthy + %d hanging hooks" % (args.latency_hooks, args.latency_hooks)
                if "isolation" in runs else ""))
            details["latency"], isolation = latency_runs(args, work, "isolation" in runs)
            for key in ("p50_ms", "p90_ms", "p99_ms", "max_ms"):
                figures["latency_accepted_" + key] = details["latency"]["latency_since_accepted"][key]
                figures["latency_sent_" + key] = details["latency"]["latency"][key]
            if isolation:
                details["isolation"] = isolation

        if "isolation" in details:
            figures["isolation_healthy_p99_ms"] = details["isolation"]["latency_since_accepted"]["p99_ms"]
            figures["isolation_healthy_sent_p99_ms"] = details["isolation"]["latency"]["p99_ms"]
            if "latency" in details and details["latency"]["latency_since_accepted"]["p99_ms"]:
                figures["isolation_p99_ratio_to_latency_run"] = (
                    figures["isolation_healthy_p99_ms"] / details["latency"]["latency_since_accepted"]["p99_ms"])

        if "adaptive" in runs:
            log("9. adaptive concurrency and isolation: %d pairs of isolation runs, off and on" % args.adaptive_pairs)
            details["adaptive"] = adaptive_run(args, work)
            figures["adaptive_off_isolation_p99_ms"] = details["adaptive"]["median_off_p99_ms"]
            figures["adaptive_on_isolation_p99_ms"] = details["adaptive"]["median_on_p99_ms"]
            figures["adaptive_on_to_off_isolation_p99_ratio"] = details["adaptive"]["median_on_to_off"]

        if "backlog" in runs:
            log("4. backlog of %s deliveries" % number(args.backlog_deliveries))
            details["backlog"] = backlog_run(args, work, nginx_port)
            figures["backlog_peak_rss_mb"] = details["backlog"]["large"]["accumulate_peak_rss_mb"]
            figures["backlog_drain_deliveries_per_s"] = details["backlog"]["large"]["drain_deliveries_per_s"]
            figures["backlog_small_queue_drain_deliveries_per_s"] = details["backlog"]["small"]["drain_deliveries_per_s"]
            figures["backlog_drain_ratio_to_small_queue"] = details["backlog"]["drain_ratio_to_small_queue"]
    finally:
        nginx.terminate()
        nginx.wait()
        if args.keep:
            log("work directory kept: %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)

    print("| figure | value | reference / target |\n|---|---|---|")
    for name, value, note in table(args, figures, details):
        print("| %s | %s | %s |" % (name, value, note))
    machine = results["machine"]
    print("\n%d CPUs (%s), kernel %s, commit %s%s" % (machine["cpus"], machine["cpu_model"], machine["kernel"], machine["commit"],
                                                   ", measured: " + args.label if args.label else ""))
    print("adaptive concurrency: %s" % results["adaptive_concurrency"])
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.environ.get("HOOKLINE_BENCH_RESULTS", "results.json")), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
