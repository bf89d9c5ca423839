"""Row counts and SQLite file size while publishing at a steady rate, with and without retention.

Starts `hookline serve` (SQLite, in a temporary directory) with `--retention RETENTION
--retention-interval 2` (or no retention with `--retention none`), a loopback receiver answering
200 and one webhook, publishes batches of 200 events at `--rate` events/s for `--seconds`, and
every 10 s prints the deliveries received so far, the rows of deliveries (and how many are pending), attempts and events, the
database's size (file + WAL) and its free pages.

Usage: python3 benchmarks/retention.py [--binary .build/release/hookline] [--retention 10s] [--seconds 90] [--rate 400]
"""
import argparse
import http.server
import json
import os
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.request


class Receiver(http.server.BaseHTTPRequestHandler):
    received = 0
    lock = threading.Lock()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with Receiver.lock:
            Receiver.received += 1
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/hookline")
    parser.add_argument("--retention", default="10s", help="a duration, or none")
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--rate", type=float, default=400, help="events published per second")
    options = parser.parse_args()

    work = tempfile.mkdtemp(prefix="hookline-retention-")
    database = os.path.join(work, "hookline.sqlite")
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    token = "retention-bench-admin-token"
    arguments = [options.binary, "serve", "--port", "0", "--database", "sqlite:" + database, "--admin-token", token,
                 "--allow-insecure-destinations", "--allow-private-destinations", "--rate-limit-quota", "100000000",
                 "--log-level", "warning"]
    if options.retention != "none":
        arguments += ["--retention", options.retention, "--retention-interval", "2"]
    server = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = None
    deadline = time.time() + 30
    while base is None and time.time() < deadline:
        line = server.stdout.readline()
        if line.startswith("Hookline listening on "):
            base = line.split()[-1]
    if base is None:
        server.kill()
        raise SystemExit("the server did not start")
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()

    def call(path, body, headers):
        request = urllib.request.Request(base + path, method="POST", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json", **headers})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)["data"]

    admin = {"Authorization": "Bearer " + token}
    try:
        call("/admin/v1/stores", {"store_hash": "bench"}, admin)
        account = call("/admin/v1/stores/bench/accounts", {"name": "bench"}, admin)
        call("/stores/bench/v3/hooks", {"scope": "store/order/*", "destination": "http://127.0.0.1:%d/hook" % receiver.server_address[1]},
             {"X-Auth-Token": account["access_token"]})
        print("seconds published received deliveries pending attempts events size_mb free_pages")
        start, published, reported = time.time(), 0, 0.0
        while time.time() - start < options.seconds:
            events = [{"id": "e%d" % (published + i), "scope": "store/order/created", "data": {"type": "order", "id": published + i}}
                      for i in range(200)]
            call("/admin/v1/stores/bench/events", {"events": events}, admin)
            published += len(events)
            time.sleep(max(0.0, start + published / options.rate - time.time()))
            if time.time() - reported >= 10:
                reported = time.time()
                db = sqlite3.connect("file:%s?mode=ro" % database, uri=True)
                counts = [db.execute("SELECT COUNT(*) FROM %s" % table).fetchone()[0] for table in ("deliveries", "attempts", "events")]
                pending = db.execute("SELECT COUNT(*) FROM deliveries WHERE state = 'pending'").fetchone()[0]
                free = db.execute("PRAGMA freelist_count").fetchone()[0]
                db.close()
                size = sum(os.path.getsize(database + suffix) for suffix in ("", "-wal") if os.path.exists(database + suffix))
                print("%d %d %d %d %d %d %d %.1f %d" % (time.time() - start, published, Receiver.received, counts[0], pending,
                                                        counts[1], counts[2], size / 1e6, free), flush=True)
    finally:
        server.terminate()
        server.wait()
        receiver.shutdown()


if __name__ == "__main__":
    main()
