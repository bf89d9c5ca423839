"""Check Hookline's deliveries with a third-party Standard Webhooks verifier.

Starts a receiver on a loopback port, has a running Hookline deliver events to it, and verifies
every delivery with the `standardwebhooks` library (the reference implementation of the spec),
keyed with `whsec_` + base64(client_secret) as Hookline documents. The server must allow http
and private destinations (`--allow-insecure-destinations --allow-private-destinations`).

Usage: standard_webhooks_check.py BASE_URL ADMIN_TOKEN
"""
import base64
import http.server
import json
import sys
import threading
import time
import urllib.request

from standardwebhooks.webhooks import Webhook

SCOPES = ["store/order/created", "store/product/updated", "store/cart/lineItem/created"]


class Recorder(http.server.BaseHTTPRequestHandler):
    received = []
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with Recorder.lock:
            Recorder.received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def call(base, method, path, body=None, headers=None):
    request = urllib.request.Request(
        base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["data"]


def main():
    base, admin_token = sys.argv[1].rstrip("/"), sys.argv[2]
    admin = {"Authorization": "Bearer " + admin_token}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver = "http://127.0.0.1:%d/webhooks" % server.server_address[1]

    store = call(base, "POST", "/admin/v1/stores", {}, admin)
    account = call(base, "POST", "/admin/v1/stores/%s/accounts" % store["store_hash"], {"name": "verifier"}, admin)
    call(base, "POST", "/stores/%s/v3/hooks" % store["store_hash"], {"scope": "store/*", "destination": receiver},
         {"X-Auth-Token": account["access_token"]})
    for index, scope in enumerate(SCOPES):
        call(base, "POST", "/admin/v1/stores/%s/events" % store["store_hash"],
             {"id": "verify-%d" % index, "scope": scope, "data": {"type": scope.split("/")[1], "id": index}}, admin)

    deadline = time.time() + 30
    while time.time() < deadline and len(Recorder.received) < len(SCOPES):
        time.sleep(0.05)
    server.shutdown()
    if len(Recorder.received) != len(SCOPES):
        raise SystemExit("standard webhooks check failed: %d of %d deliveries arrived" % (len(Recorder.received), len(SCOPES)))

    verifier = Webhook("whsec_" + base64.b64encode(account["client_secret"].encode()).decode())
    scopes = []
    for headers, body in Recorder.received:
        payload = verifier.verify(body, headers)  # raises if the signature or timestamp is wrong
        scopes.append(payload["scope"])
        if payload["producer"] != "stores/" + store["store_hash"] or payload["store_id"] != str(store["store_id"]):
            raise SystemExit("standard webhooks check failed: unexpected payload %r" % payload)
    try:
        Webhook("whsec_" + base64.b64encode(b"some other secret").decode()).verify(body, headers)
        raise SystemExit("standard webhooks check failed: a wrong secret verified")
    except SystemExit:
        raise
    except Exception:
        pass
    if sorted(scopes) != sorted(SCOPES):
        raise SystemExit("standard webhooks check failed: scopes %r" % scopes)
    print("standard webhooks check: %d deliveries verified by the standardwebhooks library" % len(scopes))


if __name__ == "__main__":
    main()
