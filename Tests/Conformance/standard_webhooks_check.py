"""Check Hookline's deliveries with a third-party Standard Webhooks verifier.

Starts a receiver on a loopback port, has a running Hookline deliver events to it, and verifies
every delivery with the `standardwebhooks` library (the reference implementation of the spec),
keyed with `whsec_` + base64(client_secret) as Hookline documents. The server must allow http
and private destinations (`--allow-insecure-destinations --allow-private-destinations`).

Then the inbound gateway: webhooks signed by the same library with base64(source secret), as
BigCommerce signs its own, are accepted at /inbound/{name} and fanned out to the store's webhook
(signed anew, verified again); their retry is a 200 duplicate, a bad signature a 401.

Then rotates the account's secret with a short overlap: a delivery during the overlap must
verify with the old and the new secret, one after it with the new secret only.

Usage: standard_webhooks_check.py BASE_URL ADMIN_TOKEN
"""
import base64
import http.server
import json
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

from standardwebhooks.webhooks import Webhook

# Long enough for a delivery to be signed within the overlap on a loaded machine, short enough to wait out.
OVERLAP_SECONDS = 5
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


def wait_for_deliveries(count, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with Recorder.lock:
            if len(Recorder.received) >= count:
                return list(Recorder.received)
        time.sleep(0.05)
    raise SystemExit("standard webhooks check failed: %d of %d deliveries arrived" % (len(Recorder.received), count))


def verifies(secret, headers, body):
    try:
        Webhook("whsec_" + base64.b64encode(secret.encode()).decode()).verify(body, headers)
        return True
    except Exception:
        return False


def post_inbound(base, name, secret, msg_id, payload, sign_with=None):
    """POSTs a BigCommerce payload to /inbound/{name}, signed by the reference library; returns (status, body)."""
    body = json.dumps(payload)
    signer = Webhook("whsec_" + base64.b64encode((sign_with or secret).encode()).decode())
    now = datetime.now(timezone.utc)
    headers = {"Content-Type": "application/json", "webhook-id": msg_id,
               "webhook-timestamp": str(int(now.timestamp())), "webhook-signature": signer.sign(msg_id, now, body)}
    request = urllib.request.Request(base + "/inbound/" + name, method="POST", data=body.encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def check_inbound(base, admin, store, account):
    """Signed inbound webhooks are published into the store and fanned out; retries and bad signatures are not."""
    name, secret = "bc-" + uuid.uuid4().hex[:8], "app-client-secret-" + uuid.uuid4().hex
    call(base, "POST", "/admin/v1/inbound-sources", {"name": name, "secret": secret, "store_hash": store["store_hash"]}, admin)
    already = len(Recorder.received)
    payloads = [{"scope": "store/order/statusUpdated", "store_id": "999", "producer": "stores/upstream", "created_at": 1700000000,
                 "hash": uuid.uuid4().hex, "data": {"type": "order", "id": 100 + index,
                                                   "status": {"previous_status_id": 0, "new_status_id": 11}}}
                for index in range(2)]
    for index, payload in enumerate(payloads):
        status, answer = post_inbound(base, name, secret, "msg_%s_%d" % (name, index), payload)
        if status != 202 or answer["data"]["duplicate"]:
            raise SystemExit("standard webhooks check failed: inbound webhook answered %d %r" % (status, answer))
    status, answer = post_inbound(base, name, secret, "msg_%s_0" % name, payloads[0])
    if status != 200 or not answer["data"]["duplicate"]:
        raise SystemExit("standard webhooks check failed: an inbound retry answered %d %r" % (status, answer))
    status, answer = post_inbound(base, name, secret, "msg_%s_9" % name, payloads[1] | {"hash": "other"}, sign_with="wrong")
    if status != 401:
        raise SystemExit("standard webhooks check failed: a bad inbound signature answered %d %r" % (status, answer))
    received = wait_for_deliveries(already + len(payloads))[already:]
    verifier = Webhook("whsec_" + base64.b64encode(account["client_secret"].encode()).decode())
    fanned = sorted((verifier.verify(body, headers) for headers, body in received), key=lambda p: p["data"]["id"])
    for sent, delivered in zip(payloads, fanned):
        if (delivered["scope"], delivered["data"], delivered["producer"]) != (sent["scope"], sent["data"], "stores/" + store["store_hash"]):
            raise SystemExit("standard webhooks check failed: inbound %r was fanned out as %r" % (sent, delivered))
    return len(payloads)


def check_rotation(base, admin, store, account):
    """A delivery during a rotation's overlap verifies with both secrets; one after it, with the new only."""
    path = "/admin/v1/stores/%s" % store["store_hash"]
    old = account["client_secret"]
    rotated = call(base, "POST", path + "/accounts/%s/rotate-secret" % account["client_id"], {"overlap_seconds": OVERLAP_SECONDS}, admin)
    new = rotated["client_secret"]
    already = len(Recorder.received)
    call(base, "POST", path + "/events", {"id": "rotate-during", "scope": SCOPES[0], "data": {"type": "order", "id": 1}}, admin)
    headers, body = wait_for_deliveries(already + 1)[-1]
    sent_at = next((value for name, value in headers.items() if name.lower() == "webhook-timestamp"), "0")
    if int(sent_at) >= rotated["previous_expires_at"]:
        raise SystemExit("standard webhooks check failed: the delivery was not signed within the %d s overlap" % OVERLAP_SECONDS)
    if not (verifies(new, headers, body) and verifies(old, headers, body)):
        raise SystemExit("standard webhooks check failed: during the overlap both secrets must verify: %r"
                         % headers.get("webhook-signature"))
    # Wait on the condition (the overlap's end as the server stated it), bounded by a deadline.
    deadline = time.time() + OVERLAP_SECONDS + 10
    while time.time() <= rotated["previous_expires_at"]:
        if time.time() > deadline:
            raise SystemExit("standard webhooks check failed: the overlap did not end")
        time.sleep(0.1)
    call(base, "POST", path + "/events", {"id": "rotate-after", "scope": SCOPES[0], "data": {"type": "order", "id": 2}}, admin)
    headers, body = wait_for_deliveries(already + 2)[-1]
    if not verifies(new, headers, body) or verifies(old, headers, body):
        raise SystemExit("standard webhooks check failed: after the overlap only the new secret may verify: %r"
                         % headers.get("webhook-signature"))


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

    received = wait_for_deliveries(len(SCOPES))

    verifier = Webhook("whsec_" + base64.b64encode(account["client_secret"].encode()).decode())
    scopes = []
    for headers, body in received:
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
    inbound = check_inbound(base, admin, store, account)
    check_rotation(base, admin, store, account)
    server.shutdown()
    print("standard webhooks check: %d deliveries verified by the standardwebhooks library, %d inbound webhooks it "
          "signed accepted and fanned out (a retry dropped, a bad signature refused), "
          "and a secret rotation's overlap (both secrets verify) and its end (only the new one)" % (len(scopes), inbound))


if __name__ == "__main__":
    main()
