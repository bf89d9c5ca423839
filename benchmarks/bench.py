"""Hookline benchmarks, each figure measured beside its reference in the same run.

1. Delivery throughput: wrk POSTing a typical BigCommerce payload to nginx `return 200` (the
   machine's ceiling for any HTTP client) vs Hookline delivering published events to hooks on the
   same nginx, every event and attempt durable in SQLite (deliveries/s from first publish to the
   last delivery recorded as succeeded).
2. Publish rate: single-event requests/s (wrk against the publish API) and batched events/s.

All traffic stays on 127.0.0.1. Prints a table and writes benchmarks/results.json.
"""
import argparse
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

PAYLOAD = json.dumps({
    "scope": "store/order/created", "store_id": "1025646", "data": {"type": "order", "id": 250},
    "hash": "dd70c0976e06b67aaf671e73f49dcb79230ebf9d", "created_at": 1561479335, "producer": "stores/abc123",
})
ADMIN_TOKEN = "bench-admin-token-0123456789abcdef"


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(work):
    port = free_port()
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""
worker_processes 1; daemon off; master_process off; error_log %(w)s/nginx-error.log; pid %(w)s/nginx.pid;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path %(w)s; keepalive_requests 1000000;
  server { listen 127.0.0.1:%(p)d; location / { return 200 "ok"; } } }
""" % {"w": work, "p": port})
    process = subprocess.Popen(["nginx", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: try_get("http://127.0.0.1:%d/" % port), 10, "nginx")
    return process, port


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


def wrk(url, seconds, lua, connections=64):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(lua)
    script.close()
    out = subprocess.run(["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "-s", script.name, url],
                         capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else 0.0


def call(base, method, path, body=None, headers=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + ADMIN_TOKEN,
                                              **(headers or {})})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response).get("data")


def start_hookline(binary, work, name):
    port = free_port()
    database = os.path.join(work, name + ".sqlite")
    process = subprocess.Popen(
        [binary, "serve", "--port", str(port), "--database", "sqlite:" + database, "--admin-token", ADMIN_TOKEN,
         "--allow-insecure-destinations", "--allow-private-destinations", "--log-level", "error",
         "--rate-limit-quota", "100000000", "--retry-schedule", "60"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d" % port
    wait_for(lambda: try_get(base + "/health"), 30, "hookline")
    return process, base, database


def succeeded(database):
    with sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=30) as db:
        return db.execute("SELECT COUNT(*) FROM deliveries WHERE state = 'succeeded'").fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--hooks", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="hookline-bench-")
    results = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform()}, "figures": {}}
    nginx, nginx_port = start_nginx(work)
    try:
        # 1. Reference: wrk → nginx with the payload Hookline sends.
        reference = wrk("http://127.0.0.1:%d/" % nginx_port, args.seconds,
                        "wrk.method='POST'\nwrk.body=%s\nwrk.headers['Content-Type']='application/json'\n" % json.dumps(PAYLOAD))
        results["figures"]["wrk_to_nginx_requests_per_s"] = reference

        # 1. Hookline: publish in batches, deliver to hooks on the same nginx, everything durable.
        hookline, base, database = start_hookline(args.binary, work, "delivery")
        try:
            call(base, "POST", "/admin/v1/stores", {"store_hash": "bench"})
            account = call(base, "POST", "/admin/v1/stores/bench/accounts", {"name": "bench"})
            for index in range(args.hooks):
                call(base, "POST", "/stores/bench/v3/hooks",
                     {"scope": "store/order/*", "destination": "http://127.0.0.1:%d/h%d" % (nginx_port, index)},
                     {"X-Auth-Token": account["access_token"]})
            total = args.events * args.hooks
            started = time.time()
            for batch in range(0, args.events, 1000):
                call(base, "POST", "/admin/v1/stores/bench/events", {"events": [
                    {"scope": "store/order/created", "data": {"type": "order", "id": i}} for i in range(batch, min(batch + 1000, args.events))]})
            published = time.time()
            deadline = started + 600
            while succeeded(database) < total and time.time() < deadline:
                time.sleep(0.05)
            finished = time.time()
            done = succeeded(database)
            results["figures"]["hookline_deliveries_per_s"] = done / (finished - started)
            results["figures"]["hookline_batched_publish_events_per_s_during_delivery"] = args.events / (published - started)
            results["figures"]["deliveries_measured"] = done
        finally:
            hookline.terminate()
            hookline.wait()

        # 3. Publish rate on a store with no hooks: single-event requests and 1,000-event batches.
        hookline, base, database = start_hookline(args.binary, work, "publish")
        try:
            call(base, "POST", "/admin/v1/stores", {"store_hash": "pub"})
            single = wrk(base + "/admin/v1/stores/pub/events", args.seconds,
                         "wrk.method='POST'\nwrk.body='{\"scope\": \"store/order/created\", \"data\": {\"type\": \"order\", \"id\": 1}}'\n"
                         "wrk.headers['Content-Type']='application/json'\nwrk.headers['Authorization']='Bearer %s'\n" % ADMIN_TOKEN)
            results["figures"]["publish_single_requests_per_s"] = single
            started = time.time()
            batches = 20
            for batch in range(batches):
                call(base, "POST", "/admin/v1/stores/pub/events", {"events": [
                    {"scope": "store/order/created", "data": {"type": "order", "id": i}} for i in range(1000)]})
            results["figures"]["publish_batched_events_per_s"] = batches * 1000 / (time.time() - started)
        finally:
            hookline.terminate()
            hookline.wait()
    finally:
        nginx.terminate()
        nginx.wait()

    figures = results["figures"]
    figures["delivery_ratio_to_wrk"] = figures["hookline_deliveries_per_s"] / figures["wrk_to_nginx_requests_per_s"]
    rows = [
        ("wrk → nginx (reference), req/s", figures["wrk_to_nginx_requests_per_s"], ""),
        ("Hookline deliveries/s (SQLite, durable)", figures["hookline_deliveries_per_s"], "%.1f%% of wrk (target ≥ 20%%)" % (100 * figures["delivery_ratio_to_wrk"])),
        ("Publish, single-event requests/s", figures["publish_single_requests_per_s"], "target ≥ 3,000"),
        ("Publish, batched events/s", figures["publish_batched_events_per_s"], "target ≥ 20,000"),
    ]
    print("| figure | value | note |\n|---|---|---|")
    for name, value, note in rows:
        print("| %s | %.0f | %s |" % (name, value, note))
    with open(os.path.join(os.path.dirname(__file__), "results.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
